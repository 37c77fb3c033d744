/* store.c — the patient store (see store.h).  The only file of growthview with SQL in it.
 *
 * Shape of the code (after Fossil's db.c): every statement lives in the table `qdef` below,
 * prepared once on first use (SQLITE_PREPARE_PERSISTENT), bound by number (the expected number
 * of parameters is checked when it is prepared), stepped through step(), and reset after use on
 * every path; store_close finalises them all.  Errors name the operation ("insert measurement")
 * and carry sqlite3_errmsg. */
#include "app/store.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/age.h"
#include "core/limits.h"
#include "core/text.h"
#include "app/store_int.h"

/* ------------------------------------------------------------------ schema */

/* Migration i (1-based) takes the file from user_version i-1 to i.  Each runs in its own
 * transaction together with its PRAGMA user_version and its hook (C code for what SQL cannot
 * compute); an old file is upgraded in place.  Never edit a migration that has been merged:
 * add a new one (tests/app_store.c keeps frozen copies of versions 1 and 2 and checks that
 * upgrading them gives the same schema as creating a new file). */
static store_rc mig3_visit_keys(gv_store *st);

static const struct migration {
	const char *sql;
	store_rc (*hook)(gv_store *st);
} migrations[] = {
	{
	/* 1: the first schema. */
	"PRAGMA application_id = 1196835906;\n" /* STORE_APP_ID */
	"CREATE TABLE meta(\n"
	"  key TEXT PRIMARY KEY NOT NULL,\n"
	"  value\n"
	");\n"
	"INSERT INTO meta(key, value) VALUES\n"
	"  ('created', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),\n"
	"  ('pseudonym_key', randomblob(32));\n"
	"CREATE TABLE patients(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  ext_id TEXT UNIQUE CHECK (ext_id IS NULL OR length(ext_id) BETWEEN 1 AND 63),\n"
	"  name TEXT NOT NULL DEFAULT '',\n"
	"  sex INTEGER NOT NULL CHECK (sex IN (0, 1, 2)),\n"
	"  birth_date TEXT NOT NULL CHECK (birth_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  ga_weeks INTEGER CHECK (ga_weeks IS NULL OR ga_weeks BETWEEN 1 AND 50),\n"
	"  ga_days INTEGER CHECK (ga_days IS NULL OR ga_days BETWEEN 0 AND 6),\n"
	"  mother_height_cm REAL CHECK (mother_height_cm IS NULL OR mother_height_cm > 0),\n"
	"  father_height_cm REAL CHECK (father_height_cm IS NULL OR father_height_cm > 0),\n"
	"  notes TEXT NOT NULL DEFAULT '',\n"
	"  labels INTEGER NOT NULL DEFAULT 0,\n"
	"  source TEXT NOT NULL DEFAULT '',\n"
	"  created TEXT NOT NULL,\n"
	"  updated TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX patients_name ON patients(name COLLATE NOCASE, id);\n"
	"CREATE TABLE measurements(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,\n"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  time TEXT CHECK (time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]'),\n"
	"  weight_kg REAL CHECK (weight_kg IS NULL OR weight_kg > 0),\n"
	"  height_cm REAL CHECK (height_cm IS NULL OR height_cm > 0),\n"
	"  position TEXT CHECK (position IS NULL OR position IN ('L', 'H')),\n"
	"  head_cm REAL CHECK (head_cm IS NULL OR head_cm > 0),\n"
	"  muac_cm REAL CHECK (muac_cm IS NULL OR muac_cm > 0),\n"
	"  triceps_mm REAL CHECK (triceps_mm IS NULL OR triceps_mm > 0),\n"
	"  subscap_mm REAL CHECK (subscap_mm IS NULL OR subscap_mm > 0),\n"
	"  oedema INTEGER NOT NULL DEFAULT 0 CHECK (oedema IN (0, 1)),\n"
	"  source TEXT NOT NULL DEFAULT '',\n"
	"  entered_by TEXT NOT NULL DEFAULT '',\n"
	"  created TEXT NOT NULL,\n"
	"  updated TEXT NOT NULL\n"
	");\n"
	/* Visit identity: re-importing a file adds nothing twice.  NULLs are distinct in a UNIQUE
	 * index, hence ifnull() with values the CHECKs above exclude.  It also serves "the visits
	 * of one patient by date". */
	"CREATE UNIQUE INDEX measurements_identity ON measurements(patient_id, date, ifnull(time, ''),\n"
	"  ifnull(weight_kg, -1), ifnull(height_cm, -1), ifnull(position, ''), ifnull(head_cm, -1),\n"
	"  ifnull(muac_cm, -1), ifnull(triceps_mm, -1), ifnull(subscap_mm, -1), oedema);\n"
	"CREATE TABLE audit(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  change INTEGER NOT NULL,\n" /* groups the rows of one action */
	"  at TEXT NOT NULL,\n"
	"  who TEXT NOT NULL,\n"
	"  tbl TEXT NOT NULL,\n"
	"  row_id INTEGER,\n"
	"  action TEXT NOT NULL,\n"
	"  field TEXT,\n"
	"  old_value,\n"
	"  new_value,\n"
	"  undoes INTEGER\n"
	");\n"
	"CREATE INDEX audit_change ON audit(change);\n"
	"CREATE INDEX audit_undoes ON audit(undoes) WHERE undoes IS NOT NULL;\n"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit\n"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;\n"
	"PRAGMA user_version = 1;\n",
	NULL},
	{
	/* 2: list columns and indexes for the TUI, flag summary cache and acknowledgements, LLM
	 * summaries and ratings, values reported by imported files. */
	"ALTER TABLE patients ADD COLUMN last_visit TEXT;\n"
	"ALTER TABLE patients ADD COLUMN flag_severity INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE patients ADD COLUMN flag_count INTEGER NOT NULL DEFAULT 0;\n"
	"ALTER TABLE patients ADD COLUMN flag_stale INTEGER NOT NULL DEFAULT 1;\n"
	"UPDATE patients SET last_visit =\n"
	"  (SELECT max(date) FROM measurements m WHERE m.patient_id = patients.id);\n"
	"CREATE INDEX patients_birth ON patients(birth_date, id);\n"
	"CREATE INDEX patients_last_visit ON patients(last_visit, id);\n"
	"CREATE INDEX patients_severity ON patients(flag_severity DESC, name COLLATE NOCASE, id);\n"
	"CREATE INDEX patients_stale ON patients(id) WHERE flag_stale = 1;\n"
	"CREATE TABLE flag_acks(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,\n"
	"  rule TEXT NOT NULL CHECK (length(rule) BETWEEN 1 AND 63),\n"
	"  visit_date TEXT CHECK (visit_date IS NULL OR\n"
	"    visit_date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  who TEXT NOT NULL,\n"
	"  at TEXT NOT NULL,\n"
	"  comment TEXT NOT NULL DEFAULT ''\n"
	");\n"
	"CREATE INDEX flag_acks_patient ON flag_acks(patient_id, rule, visit_date);\n"
	"CREATE TABLE summaries(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,\n"
	"  backend TEXT NOT NULL,\n"
	"  model TEXT NOT NULL,\n"
	"  prompt_id TEXT NOT NULL,\n"
	"  text TEXT NOT NULL,\n"
	"  created TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX summaries_patient ON summaries(patient_id);\n"
	"CREATE TABLE ratings(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  summary_a INTEGER NOT NULL REFERENCES summaries(id) ON DELETE CASCADE,\n"
	"  summary_b INTEGER REFERENCES summaries(id) ON DELETE CASCADE,\n"
	"  rater TEXT NOT NULL,\n"
	"  scores TEXT NOT NULL CHECK (json_valid(scores)),\n"
	"  comment TEXT NOT NULL DEFAULT '',\n"
	"  created TEXT NOT NULL\n"
	");\n"
	"CREATE INDEX ratings_summary ON ratings(summary_a, summary_b);\n"
	"CREATE TABLE reported(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,\n"
	"  date TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]'),\n"
	"  time TEXT CHECK (time IS NULL OR time GLOB '[0-2][0-9]:[0-5][0-9]'),\n"
	"  code TEXT NOT NULL,\n"
	"  value REAL NOT NULL,\n"
	"  unit TEXT NOT NULL DEFAULT '',\n"
	"  source TEXT NOT NULL DEFAULT ''\n"
	");\n"
	"CREATE UNIQUE INDEX reported_identity ON reported(patient_id, date, ifnull(time, ''), code, value);\n"
	"PRAGMA user_version = 2;\n",
	NULL},
	/* 3: faster bulk writes and list queries.  measurements is rebuilt: ids from a high-water
	 * mark in meta instead of AUTOINCREMENT (which rewrote sqlite_sequence on every insert),
	 * visit identity as UNIQUE(patient_id, date, vkey) with vkey a hash of the values computed
	 * by the store (the hook fills it for existing rows; an 11-expression index before), the
	 * provenance of imported rows in table imports instead of four text columns per row,
	 * CHECKs without GLOB.  The list gets ext_id in its name index (search) and a partial index
	 * of flagged patients. */
	{"CREATE TABLE imports(\n"
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,\n"
	"  source TEXT NOT NULL,\n"
	"  who TEXT NOT NULL,\n"
	"  at TEXT NOT NULL,\n"
	"  summary TEXT NOT NULL DEFAULT ''\n"
	");\n"
	/* Ids are never reused: start above every id AUTOINCREMENT ever handed out. */
	"INSERT INTO meta(key, value) VALUES ('measurement_hw',\n"
	"  (SELECT ifnull(max(seq), 0) FROM sqlite_sequence WHERE name = 'measurements'));\n"
	/* A row entered by hand carries source, entered_by, created, updated; an imported row
	 * carries import_id instead (and updated once edited). */
	"CREATE TABLE measurements_v3(\n"
	"  id INTEGER PRIMARY KEY,\n"
	"  patient_id INTEGER NOT NULL REFERENCES patients(id) ON DELETE CASCADE,\n"
	"  date TEXT NOT NULL CHECK (length(date) = 10 AND date BETWEEN '1800-01-01' AND '2199-12-31'),\n"
	"  time TEXT CHECK (length(time) = 5 AND time BETWEEN '00:00' AND '23:59'),\n"
	"  weight_kg REAL CHECK (weight_kg > 0),\n"
	"  height_cm REAL CHECK (height_cm > 0),\n"
	"  position TEXT CHECK (position IN ('L', 'H')),\n"
	"  head_cm REAL CHECK (head_cm > 0),\n"
	"  muac_cm REAL CHECK (muac_cm > 0),\n"
	"  triceps_mm REAL CHECK (triceps_mm > 0),\n"
	"  subscap_mm REAL CHECK (subscap_mm > 0),\n"
	"  oedema INTEGER NOT NULL DEFAULT 0 CHECK (oedema IN (0, 1)),\n"
	"  vkey INTEGER NOT NULL,\n"
	"  import_id INTEGER REFERENCES imports(id),\n"
	"  source TEXT,\n"
	"  entered_by TEXT,\n"
	"  created TEXT,\n"
	"  updated TEXT\n"
	");\n"
	"INSERT INTO measurements_v3(id, patient_id, date, time, weight_kg, height_cm, position, head_cm,\n"
	"  muac_cm, triceps_mm, subscap_mm, oedema, vkey, source, entered_by, created, updated)\n"
	"  SELECT id, patient_id, date, time, weight_kg, height_cm, position, head_cm, muac_cm, triceps_mm,\n"
	"  subscap_mm, oedema, -id, source, entered_by, created, updated FROM measurements;\n"
	"DROP TABLE measurements;\n"
	"ALTER TABLE measurements_v3 RENAME TO measurements;\n"
	/* Visit identity (re-importing a file adds nothing twice): vkey is a 64-bit hash of time,
	 * values, position and oedema (visit_key below); on a conflict the store compares the rows
	 * exactly and, for a true hash collision, takes the next vkey.  The index also serves "the
	 * visits of one patient by date". */
	"CREATE UNIQUE INDEX measurements_identity ON measurements(patient_id, date, vkey);\n"
	/* ext_id in the name index: a search (LIKE on name or ext_id) scans the index alone. */
	"DROP INDEX patients_name;\n"
	"CREATE INDEX patients_name ON patients(name COLLATE NOCASE, id, ext_id);\n"
	"CREATE INDEX patients_flagged ON patients(name COLLATE NOCASE, id) WHERE flag_count > 0;\n"
	"PRAGMA user_version = 3;\n",
	mig3_visit_keys},
	{store_mig4_summaries, NULL}, /* 4: LLM summaries (app/store_summaries.c) */
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* ------------------------------------------------------------------ statements */

#define MCOLS "patient_id, date, time, weight_kg, height_cm, position, head_cm, muac_cm, triceps_mm, " \
	"subscap_mm, oedema, import_id, source, entered_by, created, updated, vkey"
#define PCOLS "id, ext_id, name, sex, birth_date, ga_weeks, ga_days, mother_height_cm, father_height_cm, labels"
#define VCOLS "id, date, time, weight_kg, height_cm, position, head_cm, muac_cm, triceps_mm, subscap_mm, oedema"

enum qid {
	Q_NONE = -1,
	Q_BEGIN,
	Q_DATA_VERSION,
	Q_COMMIT,
	Q_ROLLBACK,
	Q_SAVEPOINT,
	Q_RELEASE,
	Q_ROLLBACK_TO,
	Q_COUNTS,
	Q_META_GET,
	Q_META_SET,
	Q_P_ALL_STALE,
	Q_P_GET,
	Q_P_FIND,
	Q_P_NOTES,
	Q_P_INSERT,
	Q_P_INSERT_FULL,
	Q_P_SET,
	Q_P_TOUCH,
	Q_P_TOUCH_FLAGS,
	Q_P_FLAGS,
	Q_P_STALE,
	Q_P_ALL,
	Q_P_ROW,
	Q_P_ROW_UPDATE,
	Q_M_LOAD,
	Q_M_INFO,
	Q_M_INSERT,
	Q_M_ROW,
	Q_M_ROW_INSERT,
	Q_M_ROW_UPDATE,
	Q_M_DELETE,
	Q_M_IDENT,
	Q_HW_GET,
	Q_HW_SET,
	Q_IMP_INSERT,
	Q_IMP_SUMMARY,
	Q_A_ROW,
	Q_A_ROW_INSERT,
	Q_A_DELETE,
	Q_A_LIST,
	Q_RT_ROW,
	Q_RT_ROW_INSERT,
	Q_RT_DELETE,
	Q_S_INSERT,
	Q_R_INSERT,
	Q_R_LIST,
	Q_AU_NEXT,
	Q_AU_INSERT,
	Q_AU_LAST,
	Q_AU_ROWS,
	Q_COUNT
};

static const struct qdef {
	const char *op;  /* names the operation in error messages */
	int nparam;      /* checked at prepare time */
	const char *sql;
} qdef[Q_COUNT] = {
	[Q_BEGIN] = {"begin transaction", 0, "BEGIN IMMEDIATE"},
	[Q_DATA_VERSION] = {"check for changes", 0, "PRAGMA data_version"},
	[Q_COMMIT] = {"commit", 0, "COMMIT"},
	[Q_ROLLBACK] = {"rollback", 0, "ROLLBACK"},
	[Q_SAVEPOINT] = {"savepoint", 0, "SAVEPOINT gv"},
	[Q_RELEASE] = {"release savepoint", 0, "RELEASE gv"},
	[Q_ROLLBACK_TO] = {"roll back savepoint", 0, "ROLLBACK TO gv"},
	[Q_COUNTS] = {"count patients and measurements", 0,
		      "SELECT (SELECT count(*) FROM patients), (SELECT count(*) FROM measurements)"},
	[Q_META_GET] = {"read meta", 1, "SELECT value FROM meta WHERE key = ?1"},
	[Q_META_SET] = {"write meta", 2, "INSERT OR REPLACE INTO meta(key, value) VALUES(?1, ?2)"},
	[Q_P_ALL_STALE] = {"mark flag summaries stale", 0, "UPDATE patients SET flag_stale = 1 WHERE flag_stale = 0"},
	[Q_P_GET] = {"read patient", 1, "SELECT " PCOLS " FROM patients WHERE id = ?1"},
	[Q_P_FIND] = {"find patient", 1, "SELECT " PCOLS " FROM patients WHERE ext_id = ?1"},
	[Q_P_NOTES] = {"read patient notes", 1, "SELECT notes FROM patients WHERE id = ?1"},
	[Q_P_INSERT] = {"insert patient", 13,
			"INSERT INTO patients(ext_id, name, sex, birth_date, ga_weeks, ga_days, mother_height_cm,"
			" father_height_cm, notes, labels, source, created, updated)"
			" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"},
	[Q_P_INSERT_FULL] = {"insert patient", 16,
			     "INSERT INTO patients(ext_id, name, sex, birth_date, ga_weeks, ga_days, mother_height_cm,"
			     " father_height_cm, notes, labels, source, created, updated, last_visit, flag_severity,"
			     " flag_count, flag_stale)"
			     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, 0)"},
	[Q_P_SET] = {"update patient", 11,
		     "UPDATE patients SET ext_id = ?2, name = ?3, sex = ?4, birth_date = ?5, ga_weeks = ?6,"
		     " ga_days = ?7, mother_height_cm = ?8, father_height_cm = ?9, labels = ?10, updated = ?11,"
		     " flag_stale = 1 WHERE id = ?1"},
	[Q_P_TOUCH] = {"update patient's last visit", 1,
		       "UPDATE patients SET last_visit = (SELECT max(date) FROM measurements WHERE patient_id = ?1),"
		       " flag_stale = 1 WHERE id = ?1"},
	[Q_P_TOUCH_FLAGS] = {"write last visit and flag summary", 3,
			     "UPDATE patients SET last_visit = (SELECT max(date) FROM measurements WHERE patient_id = ?1),"
			     " flag_severity = ?2, flag_count = ?3, flag_stale = 0 WHERE id = ?1"},
	[Q_P_FLAGS] = {"write flag summary", 3,
		       "UPDATE patients SET flag_severity = ?2, flag_count = ?3, flag_stale = 0 WHERE id = ?1"},
	[Q_P_STALE] = {"list stale flag summaries", 2,
		       "SELECT id FROM patients WHERE flag_stale = 1 AND id > ?1 ORDER BY id LIMIT ?2"},
	[Q_P_ALL] = {"list patients", 0, "SELECT " PCOLS " FROM patients ORDER BY ext_id, id"},
	[Q_P_ROW] = {"read patient", 1,
		     "SELECT ext_id, name, sex, birth_date, ga_weeks, ga_days, mother_height_cm, father_height_cm,"
		     " notes, labels, updated FROM patients WHERE id = ?1"},
	[Q_P_ROW_UPDATE] = {"update patient", 12,
			    "UPDATE patients SET ext_id = ?2, name = ?3, sex = ?4, birth_date = ?5, ga_weeks = ?6,"
			    " ga_days = ?7, mother_height_cm = ?8, father_height_cm = ?9, notes = ?10, labels = ?11,"
			    " updated = ?12, flag_stale = 1 WHERE id = ?1"},
	[Q_M_LOAD] = {"load measurements", 1,
		      "SELECT " VCOLS " FROM measurements WHERE patient_id = ?1 ORDER BY date, ifnull(time, ''), id"},
	[Q_M_INFO] = {"read measurement", 1,
		      "SELECT m.id, m.patient_id, ifnull(m.source, i.source), ifnull(m.entered_by, i.who),"
		      " ifnull(m.created, i.at), ifnull(m.updated, i.at)"
		      " FROM measurements m LEFT JOIN imports i ON i.id = m.import_id WHERE m.id = ?1"},
	[Q_M_INSERT] = {"insert measurement", 14,
			"INSERT INTO measurements(id, patient_id, date, time, weight_kg, height_cm, position, head_cm,"
			" muac_cm, triceps_mm, subscap_mm, oedema, vkey, import_id)"
			" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14) ON CONFLICT DO NOTHING"},
	[Q_M_ROW] = {"read measurement", 1, "SELECT " MCOLS " FROM measurements WHERE id = ?1"},
	[Q_M_ROW_INSERT] = {"insert measurement", 18,
			    "INSERT INTO measurements(id, " MCOLS ")"
			    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)"},
	[Q_M_ROW_UPDATE] = {"update measurement", 18,
			    "UPDATE measurements SET patient_id = ?2, date = ?3, time = ?4, weight_kg = ?5,"
			    " height_cm = ?6, position = ?7, head_cm = ?8, muac_cm = ?9, triceps_mm = ?10,"
			    " subscap_mm = ?11, oedema = ?12, import_id = ?13, source = ?14, entered_by = ?15,"
			    " created = ?16, updated = ?17, vkey = ?18 WHERE id = ?1"},
	[Q_M_DELETE] = {"delete measurement", 1, "DELETE FROM measurements WHERE id = ?1"},
	[Q_M_IDENT] = {"compare measurements", 3,
		       "SELECT " VCOLS " FROM measurements WHERE patient_id = ?1 AND date = ?2 AND vkey = ?3"},
	[Q_HW_GET] = {"allocate measurement id", 0,
		      "SELECT max(ifnull((SELECT value FROM meta WHERE key = 'measurement_hw'), 0),"
		      " ifnull((SELECT max(id) FROM measurements), 0))"},
	[Q_HW_SET] = {"allocate measurement id", 1, "UPDATE meta SET value = ?1 WHERE key = 'measurement_hw'"},
	[Q_IMP_INSERT] = {"record import", 3, "INSERT INTO imports(source, who, at) VALUES(?1, ?2, ?3)"},
	[Q_IMP_SUMMARY] = {"record import", 2, "UPDATE imports SET summary = ?2 WHERE id = ?1"},
	[Q_A_ROW] = {"read acknowledgement", 1,
		     "SELECT patient_id, rule, visit_date, who, at, comment FROM flag_acks WHERE id = ?1"},
	[Q_A_ROW_INSERT] = {"insert acknowledgement", 7,
			    "INSERT INTO flag_acks(id, patient_id, rule, visit_date, who, at, comment)"
			    " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
	[Q_A_DELETE] = {"delete acknowledgement", 1, "DELETE FROM flag_acks WHERE id = ?1"},
	[Q_A_LIST] = {"list acknowledgements", 1,
		      "SELECT id, rule, visit_date, who, at, comment FROM flag_acks WHERE patient_id = ?1 ORDER BY id"},
	[Q_RT_ROW] = {"read rating", 1,
		      "SELECT summary_a, summary_b, rater, scores, comment, created FROM ratings WHERE id = ?1"},
	[Q_RT_ROW_INSERT] = {"insert rating", 7,
			     "INSERT INTO ratings(id, summary_a, summary_b, rater, scores, comment, created)"
			     " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"},
	[Q_RT_DELETE] = {"delete rating", 1, "DELETE FROM ratings WHERE id = ?1"},
	[Q_S_INSERT] = {"insert summary", 6,
			"INSERT INTO summaries(patient_id, backend, model, prompt_id, text, created)"
			" VALUES(?1, ?2, ?3, ?4, ?5, ?6)"},
	[Q_R_INSERT] = {"insert reported value", 7,
			"INSERT INTO reported(patient_id, date, time, code, value, unit, source)"
			" VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING"},
	[Q_R_LIST] = {"list reported values", 1,
		      "SELECT date, time, code, value, unit FROM reported WHERE patient_id = ?1"
		      " ORDER BY date, ifnull(time, ''), code, id"},
	[Q_AU_NEXT] = {"number audit change", 0, "SELECT ifnull(max(change), 0) + 1 FROM audit"},
	[Q_AU_INSERT] = {"write audit log", 10,
			 "INSERT INTO audit(change, at, who, tbl, row_id, action, field, old_value, new_value, undoes)"
			 " VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"},
	[Q_AU_LAST] = {"find last change", 1,
		       "SELECT a.change FROM audit a WHERE a.who = ?1 AND a.undoes IS NULL"
		       " AND a.action IN ('insert', 'update', 'delete')"
		       " AND NOT EXISTS (SELECT 1 FROM audit u WHERE u.undoes = a.change)"
		       " ORDER BY a.change DESC LIMIT 1"},
	[Q_AU_ROWS] = {"read change", 1,
		       "SELECT tbl, row_id, action, field, old_value, new_value FROM audit WHERE change = ?1 ORDER BY id"},
};

/* Patient list statements, built from constant fragments: sort x reverse x flagged x search. */
#define NLIST (4 * 2 * 2 * 2)

struct gv_store {
	sqlite3 *db;
	char *path;
	int readonly;
	const char *ro_why;    /* read as an unchanging file, and why (store_readonly_reason) */
	sqlite3_stmt *q[Q_COUNT];
	sqlite3_stmt *list[NLIST];
	sqlite3_stmt *count[4];
	/* Bulk transaction. */
	int bulk;
	char *bulk_who, *bulk_source;
	char bulk_stamp[24];
	int64_t bulk_import;   /* imports.id of the bulk transaction */
	int64_t next_mid;      /* next measurement id to hand out in the bulk transaction */
	int64_t *dirty;        /* patients whose measurements changed (unsorted, may repeat) */
	size_t ndirty, capdirty;
	int dirty_break;       /* append the next dirty patient even if it repeats the last one */
	struct summed {        /* store_bulk_flag_summary: patient, and ndirty at that moment */
		int64_t id;
		size_t seq;
	} *summed;
	size_t nsummed, capsummed;
	struct store_sum *sum; /* app/store_summaries.c */
	char err[512];
};

/* ------------------------------------------------------------------ errors */

static store_rc seterr(gv_store *st, store_rc rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static store_rc seterr(gv_store *st, store_rc rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->err, sizeof st->err, fmt, ap);
	va_end(ap);
	return rc;
}

/* Status and message for SQLite result code rc of operation op. */
static store_rc dberr(gv_store *st, const char *op, int rc)
{
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return seterr(st, STORE_BUSY, "%s: database is busy (another growthview is writing?)", op);
	if ((rc & 0xff) == SQLITE_READONLY)
		return seterr(st, STORE_READONLY, "%s: database is read-only", op);
	/* An I/O error or a full disk: add what the system said when SQLite kept it ("No space left
	 * on device"); the transaction is rolled back by the caller. */
	int sys = (rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL ? sqlite3_system_errno(st->db) : 0;
	if (sys)
		return seterr(st, STORE_ERROR, "%s: %s (%s)", op, sqlite3_errmsg(st->db), strerror(sys));
	return seterr(st, STORE_ERROR, "%s: %s", op, sqlite3_errmsg(st->db));
}

/* For the store's other files (app/store_int.h). */
sqlite3 *store_db_(gv_store *st)
{
	return st->db;
}

store_rc store_seterr_(gv_store *st, store_rc rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->err, sizeof st->err, fmt, ap);
	va_end(ap);
	return rc;
}

store_rc store_dberr_(gv_store *st, const char *op, int rc)
{
	return dberr(st, op, rc);
}

struct store_sum **store_sum_slot_(gv_store *st)
{
	return &st->sum;
}

const char *store_errmsg(const gv_store *st)
{
	return st ? st->err : "no store";
}

const char *store_path(const gv_store *st)
{
	return st->path;
}

/* ------------------------------------------------------------------ statement helpers */

/* The cached statement id, prepared on first use, or NULL (message set). */
static sqlite3_stmt *Q(gv_store *st, enum qid id)
{
	if (st->q[id])
		return st->q[id];
	int rc = sqlite3_prepare_v3(st->db, qdef[id].sql, -1, SQLITE_PREPARE_PERSISTENT, &st->q[id], NULL);
	if (rc != SQLITE_OK) {
		dberr(st, qdef[id].op, rc);
		sqlite3_finalize(st->q[id]);
		st->q[id] = NULL;
		return NULL;
	}
	if (sqlite3_bind_parameter_count(st->q[id]) != qdef[id].nparam) {
		seterr(st, STORE_ERROR, "%s: statement has %d parameters, code binds %d", qdef[id].op,
		       sqlite3_bind_parameter_count(st->q[id]), qdef[id].nparam);
		sqlite3_finalize(st->q[id]);
		st->q[id] = NULL;
		return NULL;
	}
	return st->q[id];
}

/* Reset a cached statement after use (on every path). */
static void done(sqlite3_stmt *s)
{
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
}

/* Step a statement that returns no row; resets it. */
static store_rc run(gv_store *st, enum qid id, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	store_rc r = rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : dberr(st, qdef[id].op, rc);
	done(s);
	return r;
}

static store_rc run0(gv_store *st, enum qid id)
{
	sqlite3_stmt *s = Q(st, id);
	return s ? run(st, id, s) : STORE_ERROR;
}

/* ------------------------------------------------------------------ open */

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Look at an existing file's header without SQLite: 0 ok (or empty: *empty = 1), -1 refused or
 * unreadable (err set). */
static store_rc precheck(const char *path, int *empty, char *err, size_t errsz)
{
	*empty = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errsz, "%s: %s", path, strerror(errno));
		return STORE_ERROR;
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
		snprintf(err, errsz, "%s: not a regular file", path);
		close(fd);
		return STORE_NOTADB;
	}
	unsigned char h[100];
	size_t got = 0;
	while (got < sizeof h) {
		ssize_t n = read(fd, h + got, sizeof h - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			snprintf(err, errsz, "%s: %s", path, strerror(errno));
			close(fd);
			return STORE_ERROR;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	close(fd);
	if (got == 0) {
		*empty = 1;
		return STORE_OK;
	}
	if (got < sizeof h || memcmp(h, "SQLite format 3", 16) != 0) {
		snprintf(err, errsz, "%s: not a growthview database (not an SQLite file); left untouched", path);
		return STORE_NOTADB;
	}
	uint32_t app = be32(h + 68), ver = be32(h + 60);
	if (app != STORE_APP_ID) {
		snprintf(err, errsz,
			 "%s: not a growthview database (an SQLite file with application_id 0x%08x); left untouched",
			 path, (unsigned)app);
		return STORE_NOTADB;
	}
	if (ver > STORE_SCHEMA_VERSION) {
		snprintf(err, errsz,
			 "%s: made by a newer growthview (schema version %u; this one knows up to %d); left untouched",
			 path, (unsigned)ver, STORE_SCHEMA_VERSION);
		return STORE_NOTADB;
	}
	return STORE_OK;
}

static int pragma_int(gv_store *st, const char *sql, int *out)
{
	sqlite3_stmt *s = NULL;
	int rc = sqlite3_prepare_v2(st->db, sql, -1, &s, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW) {
			*out = sqlite3_column_int(s, 0);
			rc = SQLITE_OK;
		}
	}
	if (rc != SQLITE_OK)
		dberr(st, sql, rc);
	sqlite3_finalize(s);
	return rc;
}

/* Run constant SQL (pragmas, migrations: no values in it). */
static store_rc exec(gv_store *st, const char *op, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		return STORE_OK;
	store_rc r;
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		r = seterr(st, STORE_BUSY, "%s: database is busy (another growthview is writing?)", op);
	else
		r = seterr(st, STORE_ERROR, "%s: %s", op, msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return r;
}

int store_schema_version(gv_store *st)
{
	int v = -1;
	pragma_int(st, "PRAGMA user_version", &v);
	return v;
}

/* Bring the file to STORE_SCHEMA_VERSION, one migration per transaction. */
static store_rc migrate(gv_store *st)
{
	for (;;) {
		int ver = 0;
		if (pragma_int(st, "PRAGMA user_version", &ver) != SQLITE_OK)
			return STORE_ERROR;
		if (ver >= NMIGRATIONS)
			return STORE_OK;
		if (st->readonly)
			return seterr(st, STORE_READONLY,
				      "schema version %d needs an upgrade to %d: open it once without --read-only",
				      ver, NMIGRATIONS);
		store_rc r = run0(st, Q_BEGIN);
		if (r != STORE_OK)
			return r;
		/* Another process may have migrated while we waited for the lock. */
		if (pragma_int(st, "PRAGMA user_version", &ver) != SQLITE_OK) {
			run0(st, Q_ROLLBACK);
			return STORE_ERROR;
		}
		if (ver < NMIGRATIONS) {
			char op[64];
			snprintf(op, sizeof op, "upgrade schema to version %d", ver + 1);
			r = exec(st, op, migrations[ver].sql);
			if (r == STORE_OK && migrations[ver].hook)
				r = migrations[ver].hook(st);
			if (r != STORE_OK) {
				char keep[sizeof st->err];
				memcpy(keep, st->err, sizeof keep);
				run0(st, Q_ROLLBACK);
				memcpy(st->err, keep, sizeof keep);
				return r;
			}
		}
		r = run0(st, Q_COMMIT);
		if (r != STORE_OK) {
			run0(st, Q_ROLLBACK);
			return r;
		}
	}
}

/* Process-wide SQLite settings, made once before the library initialises.  Memory statistics
 * off: with them on, every allocation inside SQLite takes a global mutex (2-3% of a bulk import's
 * time in perf).  The store uses a connection from one thread at a time (SQLITE_OPEN_NOMUTEX). */
static pthread_once_t sqlite_once = PTHREAD_ONCE_INIT;

static void sqlite_setup(void)
{
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* Open path read-only as an immutable file (a URI with its characters escaped) and say why. */
static int open_immutable(gv_store *st, const char *path, char *err, size_t errsz)
{
	size_t n = strlen(path);
	char *uri = malloc(3 * n + 32);
	if (!uri) {
		snprintf(err, errsz, "%s: out of memory", path);
		return SQLITE_NOMEM;
	}
	size_t k = (size_t)sprintf(uri, "file:");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)path[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || strchr("/._-~", c))
			uri[k++] = (char)c;
		else
			k += (size_t)sprintf(uri + k, "%%%02X", c);
	}
	sprintf(uri + k, "?immutable=1");
	int rc = sqlite3_open_v2(uri, &st->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	free(uri);
	if (rc != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path, st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		return rc;
	}
	sqlite3_extended_result_codes(st->db, 1);
	/* Committed changes still in the -wal file are not seen without its -shm: say so. */
	char wal[4096];
	struct stat sb;
	snprintf(wal, sizeof wal, "%s-wal", path);
	st->ro_why = stat(wal, &sb) == 0 && sb.st_size > 0
			     ? "its directory cannot be written, so it is read as an unchanging file; the changes still "
			       "in its -wal file are not shown"
			     : "its directory cannot be written, so it is read as an unchanging file (changes made "
			       "meanwhile by others are not shown)";
	return SQLITE_OK;
}

const char *store_readonly_reason(const gv_store *st)
{
	return st->ro_why;
}

store_rc store_open(const char *path, unsigned flags, gv_store **out, char *err, size_t errsz)
{
	*out = NULL;
	if (errsz)
		err[0] = '\0';
	int ro = (flags & STORE_OPEN_READONLY) != 0;
	int empty = 0;
	struct stat sb;
	if (stat(path, &sb) != 0) {
		if (errno != ENOENT) {
			snprintf(err, errsz, "%s: %s", path, strerror(errno));
			return STORE_ERROR;
		}
		if (ro || (flags & STORE_OPEN_NOCREATE)) {
			snprintf(err, errsz, "%s: no such database", path);
			return STORE_NOTFOUND;
		}
		/* Create it ourselves so that it is private (0600) before SQLite writes a byte;
		 * SQLite gives its -wal and -shm files the same permissions. */
		int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST) {
			snprintf(err, errsz, "%s: cannot create: %s", path, strerror(errno));
			return STORE_ERROR;
		}
		if (fd >= 0)
			close(fd);
	}
	store_rc r = precheck(path, &empty, err, errsz);
	if (r != STORE_OK)
		return r;
	if (empty && ro) {
		snprintf(err, errsz, "%s: empty file, not a growthview database yet", path);
		return STORE_NOTADB;
	}
	/* A file made beforehand (touch, a script) gets the mode of a new one before patient data
	 * goes into it: 0600 (SQLite gives its -wal and -shm files the same). */
	if (empty && stat(path, &sb) == 0 && (sb.st_mode & 077) != 0 && chmod(path, sb.st_mode & 07700) != 0) {
		snprintf(err, errsz, "%s: an empty file of mode %04o: cannot make it private (0600) before writing patient "
				     "data into it: %s", path, (unsigned)(sb.st_mode & 07777), strerror(errno));
		return STORE_ERROR;
	}

	gv_store *st = calloc(1, sizeof *st);
	if (!st || !(st->path = strdup(path))) {
		free(st);
		snprintf(err, errsz, "%s: out of memory", path);
		return STORE_ERROR;
	}
	st->readonly = ro;
	pthread_once(&sqlite_once, sqlite_setup);
	int oflags = (ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | SQLITE_OPEN_NOMUTEX;
	int rc = sqlite3_open_v2(path, &st->db, oflags, NULL);
	if (rc != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path, st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		store_close(st);
		return STORE_ERROR;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, STORE_BUSY_MS);

	/* The header may be stale in WAL mode: check again through SQLite, before any write. */
	int app = 0, ver = 0, ntab = 0;
	rc = pragma_int(st, "PRAGMA application_id", &app);
	if (ro && ((rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN)) {
		/* A WAL database in a directory this user cannot write (a CD, a read-only mount, another
		 * user's directory): SQLite cannot make the -shm file a reader needs.  Read it as an
		 * unchanging file instead (immutable: no locks, no -shm; https://sqlite.org/uri.html). */
		sqlite3_close(st->db);
		st->db = NULL;
		rc = open_immutable(st, path, err, errsz);
		if (rc != SQLITE_OK) {
			store_close(st);
			return STORE_ERROR;
		}
		rc = pragma_int(st, "PRAGMA application_id", &app);
	}
	if (rc != SQLITE_OK || pragma_int(st, "PRAGMA user_version", &ver) != SQLITE_OK ||
	    pragma_int(st, "SELECT count(*) FROM sqlite_schema", &ntab) != SQLITE_OK) {
		snprintf(err, errsz, "%s: %s", path, st->err);
		r = strstr(st->err, "busy") ? STORE_BUSY : STORE_ERROR;
		store_close(st);
		return r;
	}
	if ((uint32_t)app != STORE_APP_ID && !(app == 0 && ver == 0 && ntab == 0)) {
		snprintf(err, errsz, "%s: not a growthview database (application_id 0x%08x)", path, (unsigned)app);
		store_close(st);
		return STORE_NOTADB;
	}
	if (ver > STORE_SCHEMA_VERSION) {
		snprintf(err, errsz, "%s: made by a newer growthview (schema version %d; this one knows up to %d)",
			 path, ver, STORE_SCHEMA_VERSION);
		store_close(st);
		return STORE_NOTADB;
	}

	/* A new file gets its first schema (and application_id) in rollback-journal mode, so that the
	 * main file's header carries our application_id from its very first commit: in WAL mode it
	 * would stay 0 in the main file until a checkpoint, and another growthview (or the next run
	 * after a crash) would refuse the file in precheck(). */
	r = STORE_OK;
	if (app == 0 && !ro)
		r = migrate(st);
	if (r == STORE_OK && ro)
		r = exec(st, "set read-only", "PRAGMA query_only = 1; PRAGMA foreign_keys = ON;");
	else if (r == STORE_OK)
		r = exec(st, "configure database",
			 "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
	if (r == STORE_OK)
		r = migrate(st);
	if (r != STORE_OK) {
		snprintf(err, errsz, "%s: %s", path, st->err);
		store_close(st);
		return r;
	}
	*out = st;
	return STORE_OK;
}

void store_close(gv_store *st)
{
	if (!st)
		return;
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(st->q[i]);
	for (int i = 0; i < NLIST; i++)
		sqlite3_finalize(st->list[i]);
	for (int i = 0; i < 4; i++)
		sqlite3_finalize(st->count[i]);
	store_summaries_close_(st);
	if (st->db && !sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(st->db);
	free(st->bulk_who);
	free(st->bulk_source);
	free(st->dirty);
	free(st->summed);
	free(st->path);
	free(st);
}

store_rc store_counts(gv_store *st, long *npatients, long *nvisits)
{
	sqlite3_stmt *s = Q(st, Q_COUNTS);
	if (!s)
		return STORE_ERROR;
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		*npatients = (long)sqlite3_column_int64(s, 0);
		*nvisits = (long)sqlite3_column_int64(s, 1);
	} else {
		r = dberr(st, qdef[Q_COUNTS].op, rc);
	}
	done(s);
	return r;
}

/* ------------------------------------------------------------------ values */

/* Dates this store accepts (years 1800-2199): anything else is a typo or an uninitialised day. */
int store_date_ok(int32_t d)
{
	return d >= age_days_from_civil(1800, 1, 1) && d < age_days_from_civil(2200, 1, 1);
}

static void now_stamp(char out[24])
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(out, 24, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(s, i);
}

/* Empty string -> NULL (external ids, optional text). */
static void bind_text_or_null(sqlite3_stmt *s, int i, const char *v)
{
	bind_text(s, i, v && *v ? v : NULL);
}

static void bind_real(sqlite3_stmt *s, int i, double v)
{
	if (isnan(v))
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_double(s, i, v);
}

static void bind_date(sqlite3_stmt *s, int i, int32_t d)
{
	char b[16];
	if (d == STORE_NO_DATE) {
		sqlite3_bind_null(s, i);
		return;
	}
	age_format_date(d, b);
	sqlite3_bind_text(s, i, b, 10, SQLITE_TRANSIENT);
}

static void fmt_time(int min, char b[8])
{
	snprintf(b, 8, "%02d:%02d", min / 60 % 100, min % 60);
}

static void bind_time(sqlite3_stmt *s, int i, int min)
{
	char b[8];
	if (min < 0) {
		sqlite3_bind_null(s, i);
		return;
	}
	fmt_time(min, b);
	sqlite3_bind_text(s, i, b, 5, SQLITE_TRANSIENT);
}

static void bind_pos(sqlite3_stmt *s, int i, char pos)
{
	if (pos == 'L' || pos == 'H')
		sqlite3_bind_text(s, i, pos == 'L' ? "L" : "H", 1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static double col_real(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

/* Room for one more element in the array *arr of *n elements (capacity *cap, doubling from
 * 16); 0 when out of memory (the array is left as it was). */
static int grow(void **arr, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return 1;
	size_t ncap = *cap ? *cap * 2 : 16;
	void *p = realloc(*arr, ncap * size);
	if (!p)
		return 0;
	*arr = p;
	*cap = ncap;
	return 1;
}

/* Reads the current row of s into the zeroed element *elem: 0, or -1 with the reason in why
 * (having freed whatever it allocated for the element). */
typedef int (*row_fn)(sqlite3_stmt *s, void *elem, char *why, size_t whysz);

/* Every row of statement q (its ?1 bound to key) appended to the array *out of *n elements of
 * `size` bytes (malloc'd, grown; start with NULL and 0).  Returns STORE_OK, or the error with the
 * rows read so far left in *out for the caller to free (a row that failed is not counted). */
static store_rc read_rows(gv_store *st, int q, int64_t key, size_t size, row_fn fn, void **out, size_t *n)
{
	sqlite3_stmt *s = Q(st, q);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, key);
	size_t cap = 0;
	store_rc r = STORE_OK;
	for (;;) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			r = dberr(st, qdef[q].op, rc);
			break;
		}
		if (!grow(out, *n, &cap, size)) {
			r = seterr(st, STORE_ERROR, "%s: out of memory", qdef[q].op);
			break;
		}
		void *e = (char *)*out + *n * size;
		memset(e, 0, size);
		char why[160];
		if (fn(s, e, why, sizeof why) != 0) {
			r = seterr(st, STORE_ERROR, "%s: %s", qdef[q].op, why);
			break;
		}
		(*n)++;
	}
	done(s);
	return r;
}

static void col_copy(sqlite3_stmt *s, int i, char *dst, size_t n)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	snprintf(dst, n, "%s", t ? t : "");
}

/* Day number of a date column; STORE_NO_DATE when NULL.  Returns 0 on a malformed value. */
static int col_date(sqlite3_stmt *s, int i, int32_t *d)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	if (!t) {
		*d = STORE_NO_DATE;
		return 1;
	}
	return age_parse_date(t, strlen(t), d) == GV_OK;
}

/* Minutes of an 'HH:MM' column; -1 when NULL or malformed. */
static int col_time(sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	if (!t || strlen(t) != 5 || t[2] != ':')
		return -1;
	int h = (t[0] - '0') * 10 + (t[1] - '0'), m = (t[3] - '0') * 10 + (t[4] - '0');
	return h >= 0 && h < 24 && m >= 0 && m < 60 ? h * 60 + m : -1;
}

/* Patient from the PCOLS columns starting at c. */
static int read_patient(sqlite3_stmt *s, int c, gv_patient *p)
{
	record_patient_init(p);
	p->id = sqlite3_column_int64(s, c);
	col_copy(s, c + 1, p->ext_id, sizeof p->ext_id);
	col_copy(s, c + 2, p->name, sizeof p->name);
	int sex = sqlite3_column_int(s, c + 3);
	p->sex = sex == 1 ? GV_MALE : sex == 2 ? GV_FEMALE : GV_SEX_UNKNOWN;
	int ok = col_date(s, c + 4, &p->birth_date) && p->birth_date != STORE_NO_DATE;
	p->ga_weeks = sqlite3_column_int(s, c + 5);
	p->ga_days = sqlite3_column_int(s, c + 6);
	p->mother_height_cm = col_real(s, c + 7);
	p->father_height_cm = col_real(s, c + 8);
	p->labels = (uint32_t)sqlite3_column_int64(s, c + 9);
	return ok;
}

/* Visit from the VCOLS columns starting at c. */
static int read_visit(sqlite3_stmt *s, int c, gv_visit *v)
{
	record_visit_init(v);
	v->id = sqlite3_column_int64(s, c);
	int ok = col_date(s, c + 1, &v->date) && v->date != STORE_NO_DATE;
	v->time_min = col_time(s, c + 2);
	v->weight_kg = col_real(s, c + 3);
	v->height_cm = col_real(s, c + 4);
	const char *pos = (const char *)sqlite3_column_text(s, c + 5);
	v->position = pos && (*pos == 'L' || *pos == 'H') ? *pos : 0;
	v->head_cm = col_real(s, c + 6);
	v->muac_cm = col_real(s, c + 7);
	v->triceps_mm = col_real(s, c + 8);
	v->subscap_mm = col_real(s, c + 9);
	v->oedema = sqlite3_column_int(s, c + 10) != 0;
	return ok;
}

static int has_measure(const gv_visit *v)
{
	return !isnan(v->weight_kg) || !isnan(v->height_cm) || !isnan(v->head_cm) || !isnan(v->muac_cm) ||
	       !isnan(v->triceps_mm) || !isnan(v->subscap_mm);
}

static int pos_ok(double x)
{
	return isnan(x) || (x > 0 && isfinite(x));
}

/* Shape checks shared by every path that writes a visit; message in st->err. */
static store_rc check_visit(gv_store *st, const gv_visit *v)
{
	if (!store_date_ok(v->date))
		return seterr(st, STORE_INVALID, "measurement: date missing or out of range");
	if (v->time_min < -1 || v->time_min >= 24 * 60)
		return seterr(st, STORE_INVALID, "measurement: time out of range");
	if (!has_measure(v))
		return seterr(st, STORE_INVALID, "measurement: no value measured");
	if (!pos_ok(v->weight_kg) || !pos_ok(v->height_cm) || !pos_ok(v->head_cm) || !pos_ok(v->muac_cm) ||
	    !pos_ok(v->triceps_mm) || !pos_ok(v->subscap_mm))
		return seterr(st, STORE_INVALID, "measurement: values must be positive");
	if (v->position != 0 && v->position != 'L' && v->position != 'H')
		return seterr(st, STORE_INVALID, "measurement: position must be L, H or unknown");
	/* The importers' and the form's limits: what the store holds can be imported again. */
	lim_qty q;
	if (!limits_visit_ok(v, &q)) {
		const lim_range *l = limits_of(q);
		return seterr(st, STORE_INVALID, "measurement: %s %g %s is outside the physical limits (%g to %g %s)",
			      l->name, limits_visit_value(v, q), l->unit, l->lo, l->hi, l->unit);
	}
	return STORE_OK;
}

static store_rc check_patient(gv_store *st, const gv_patient *p)
{
	if (p->sex != GV_MALE && p->sex != GV_FEMALE)
		return seterr(st, STORE_INVALID, "patient: sex must be male or female");
	if (!store_date_ok(p->birth_date))
		return seterr(st, STORE_INVALID, "patient: birth date missing or out of range");
	size_t ni = strlen(p->ext_id), nn = strlen(p->name);
	if (ni >= GV_ID_MAX || nn >= GV_NAME_MAX)
		return seterr(st, STORE_INVALID, "patient: id or name too long");
	/* Text that reaches terminals (core/text.h): the importers refuse the same. */
	if (text_find_control(p->ext_id, ni, 0) != ni || text_find_control(p->name, nn, 0) != nn)
		return seterr(st, STORE_INVALID, "patient: the id or name holds a control character or is not UTF-8");
	if (p->ga_weeks < 0 || p->ga_weeks > 50 || p->ga_days < 0 || p->ga_days > 6)
		return seterr(st, STORE_INVALID, "patient: gestational age out of range");
	if (!pos_ok(p->mother_height_cm) || !pos_ok(p->father_height_cm))
		return seterr(st, STORE_INVALID, "patient: parents' heights must be positive");
	lim_qty q;
	if (!limits_patient_ok(p, &q))
		return seterr(st, STORE_INVALID, "patient: %s outside the physical limits (%g to %g %s)", limits_of(q)->name,
			      limits_of(q)->lo, limits_of(q)->hi, limits_of(q)->unit);
	return STORE_OK;
}

static store_rc check_write(gv_store *st, const char *op, const char *who)
{
	if (st->readonly)
		return seterr(st, STORE_READONLY, "%s: database opened read-only", op);
	if (who && !*who)
		return seterr(st, STORE_INVALID, "%s: who made the change is not known", op);
	return STORE_OK;
}

/* ------------------------------------------------------------------ transactions */

/* Start the unit of work of one API call: a transaction of its own, or a savepoint inside the
 * caller's (bulk) transaction.  *own says which, for tx_end. */
static store_rc tx_begin(gv_store *st, int *own)
{
	*own = sqlite3_get_autocommit(st->db) != 0;
	return run0(st, *own ? Q_BEGIN : Q_SAVEPOINT);
}

/* Commit on r == STORE_OK, roll back otherwise (keeping the first error message). */
static store_rc tx_end(gv_store *st, int own, store_rc r)
{
	if (r == STORE_OK) {
		r = run0(st, own ? Q_COMMIT : Q_RELEASE);
		if (r == STORE_OK)
			return r;
	}
	char keep[sizeof st->err];
	memcpy(keep, st->err, sizeof keep);
	if (own) {
		run0(st, Q_ROLLBACK);
	} else {
		run0(st, Q_ROLLBACK_TO);
		run0(st, Q_RELEASE);
	}
	memcpy(st->err, keep, sizeof keep);
	return r;
}

store_rc store_begin(gv_store *st)
{
	store_rc r = check_write(st, "begin transaction", NULL);
	if (r != STORE_OK)
		return r;
	if (st->bulk || !sqlite3_get_autocommit(st->db))
		return seterr(st, STORE_INVALID, "begin transaction: a transaction is already open");
	return run0(st, Q_BEGIN);
}

store_rc store_commit(gv_store *st)
{
	if (st->bulk || sqlite3_get_autocommit(st->db))
		return seterr(st, STORE_INVALID, "commit: no transaction open (or a bulk one)");
	store_rc r = run0(st, Q_COMMIT);
	if (r != STORE_OK)
		store_rollback(st);
	return r;
}

void store_rollback(gv_store *st)
{
	if (st->bulk || sqlite3_get_autocommit(st->db))
		return;
	char keep[sizeof st->err];
	memcpy(keep, st->err, sizeof keep);
	run0(st, Q_ROLLBACK);
	memcpy(st->err, keep, sizeof keep);
}

/* ------------------------------------------------------------------ rows as cells (audit, undo) */

/* One column value, owned. */
typedef struct cell {
	int t; /* SQLITE_NULL, SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT */
	int64_t i;
	double d;
	char *s;
} cell;

#define MAXCOL 18

/* A table whose changes are audited and can be undone. */
typedef struct tdesc {
	const char *tbl;     /* as in audit.tbl */
	const char *what;    /* in messages */
	int ncol;
	const char *cols[MAXCOL];
	int stamp;           /* column set to now on update (not audited), -1 */
	int derived;         /* column computed from the others on every write (not audited), -1 */
	enum qid q_row, q_insert, q_update, q_delete;
} tdesc;

/* Column indexes of T_MEAS. */
enum { MC_PID, MC_DATE, MC_TIME, MC_W, MC_H, MC_POS, MC_HEAD, MC_MUAC, MC_TRI, MC_SUB, MC_OED, MC_IMPORT,
       MC_SOURCE, MC_WHO, MC_CREATED, MC_UPDATED, MC_VKEY, MC_N };

static const tdesc T_MEAS = {
	"measurements", "measurement", MC_N,
	{"patient_id", "date", "time", "weight_kg", "height_cm", "position", "head_cm", "muac_cm",
	 "triceps_mm", "subscap_mm", "oedema", "import_id", "source", "entered_by", "created", "updated", "vkey"},
	MC_UPDATED, MC_VKEY, Q_M_ROW, Q_M_ROW_INSERT, Q_M_ROW_UPDATE, Q_M_DELETE};
static const tdesc T_PAT = {
	"patients", "patient", 11,
	{"ext_id", "name", "sex", "birth_date", "ga_weeks", "ga_days", "mother_height_cm", "father_height_cm",
	 "notes", "labels", "updated"},
	10, -1, Q_P_ROW, Q_NONE, Q_P_ROW_UPDATE, Q_NONE};
static const tdesc T_ACK = {
	"flag_acks", "flag acknowledgement", 6,
	{"patient_id", "rule", "visit_date", "who", "at", "comment"},
	-1, -1, Q_A_ROW, Q_A_ROW_INSERT, Q_NONE, Q_A_DELETE};
static const tdesc T_RATING = {
	"ratings", "rating", 6,
	{"summary_a", "summary_b", "rater", "scores", "comment", "created"},
	-1, -1, Q_RT_ROW, Q_RT_ROW_INSERT, Q_NONE, Q_RT_DELETE};

static const tdesc *const tdescs[] = {&T_MEAS, &T_PAT, &T_ACK, &T_RATING};

static void cells_free(cell *c, int n)
{
	for (int i = 0; i < n; i++) {
		free(c[i].s);
		c[i].s = NULL;
		c[i].t = SQLITE_NULL;
	}
}

static int cell_col(sqlite3_stmt *s, int i, cell *c)
{
	free(c->s);
	memset(c, 0, sizeof *c);
	c->t = sqlite3_column_type(s, i);
	switch (c->t) {
	case SQLITE_INTEGER: c->i = sqlite3_column_int64(s, i); break;
	case SQLITE_FLOAT: c->d = sqlite3_column_double(s, i); break;
	case SQLITE_NULL: break;
	default: {
		const char *t = (const char *)sqlite3_column_text(s, i);
		c->t = SQLITE_TEXT;
		c->s = strdup(t ? t : "");
		if (!c->s)
			return 0;
	}
	}
	return 1;
}

static void cell_bind(sqlite3_stmt *s, int i, const cell *c)
{
	switch (c->t) {
	case SQLITE_INTEGER: sqlite3_bind_int64(s, i, c->i); break;
	case SQLITE_FLOAT: sqlite3_bind_double(s, i, c->d); break;
	case SQLITE_TEXT: sqlite3_bind_text(s, i, c->s, -1, SQLITE_TRANSIENT); break;
	default: sqlite3_bind_null(s, i); break;
	}
}

static int cell_set_text(cell *c, const char *t)
{
	free(c->s);
	memset(c, 0, sizeof *c);
	if (!t) {
		c->t = SQLITE_NULL;
		return 1;
	}
	c->t = SQLITE_TEXT;
	return (c->s = strdup(t)) != NULL;
}

static void cell_set_int(cell *c, int64_t v)
{
	free(c->s);
	memset(c, 0, sizeof *c);
	c->t = SQLITE_INTEGER;
	c->i = v;
}

static void cell_set_real(cell *c, double v)
{
	free(c->s);
	memset(c, 0, sizeof *c);
	c->t = isnan(v) ? SQLITE_NULL : SQLITE_FLOAT;
	c->d = v;
}

static int cell_set_date(cell *c, int32_t d)
{
	char b[16];
	if (d == STORE_NO_DATE)
		return cell_set_text(c, NULL);
	age_format_date(d, b);
	return cell_set_text(c, b);
}

static int cell_copy(cell *dst, const cell *src)
{
	if (src->t == SQLITE_TEXT)
		return cell_set_text(dst, src->s);
	free(dst->s);
	*dst = *src;
	dst->s = NULL;
	return 1;
}

static int cell_null(const cell *c)
{
	return c->t != SQLITE_INTEGER && c->t != SQLITE_FLOAT && c->t != SQLITE_TEXT;
}

/* Same value (numbers compare numerically: REAL columns may hand back integers). */
static int cell_eq(const cell *a, const cell *b)
{
	if (cell_null(a) || cell_null(b))
		return cell_null(a) && cell_null(b);
	int an = a->t == SQLITE_INTEGER || a->t == SQLITE_FLOAT, bn = b->t == SQLITE_INTEGER || b->t == SQLITE_FLOAT;
	if (an && bn) {
		if (a->t == SQLITE_INTEGER && b->t == SQLITE_INTEGER)
			return a->i == b->i;
		double x = a->t == SQLITE_INTEGER ? (double)a->i : a->d, y = b->t == SQLITE_INTEGER ? (double)b->i : b->d;
		return x == y;
	}
	return a->t == b->t && strcmp(a->s, b->s) == 0;
}

/* ------------------------------------------------------------------ visit identity */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++) {
		h ^= b[i];
		h *= 0x100000001b3ull; /* FNV-1a 64 (Fowler, Noll, Vo) */
	}
	return h;
}

static uint64_t fnv_real(uint64_t h, double x)
{
	uint64_t bits;
	if (isnan(x))
		bits = 0x7ff8dead0000beefull; /* "not measured" */
	else
		memcpy(&bits, &x, sizeof bits);
	return fnv(h, &bits, sizeof bits);
}

/* The identity of a visit apart from patient and date: time, the six values, position, oedema. */
static int64_t visit_key(const gv_visit *v)
{
	uint64_t h = 0xcbf29ce484222325ull;
	int32_t t = v->time_min < 0 ? -1 : v->time_min;
	h = fnv(h, &t, sizeof t);
	h = fnv_real(h, v->weight_kg);
	h = fnv_real(h, v->height_cm);
	h = fnv_real(h, v->head_cm);
	h = fnv_real(h, v->muac_cm);
	h = fnv_real(h, v->triceps_mm);
	h = fnv_real(h, v->subscap_mm);
	unsigned char po[2] = {(unsigned char)(v->position == 'L' || v->position == 'H' ? v->position : 0),
			       (unsigned char)(v->oedema != 0)};
	h = fnv(h, po, 2);
	return (int64_t)(h >> 1); /* non-negative: easier to read in the sqlite3 shell */
}

static int same_real(double a, double b)
{
	return a == b || (isnan(a) && isnan(b));
}

static int same_visit(const gv_visit *a, const gv_visit *b)
{
	return a->time_min == b->time_min && same_real(a->weight_kg, b->weight_kg) &&
	       same_real(a->height_cm, b->height_cm) && same_real(a->head_cm, b->head_cm) &&
	       same_real(a->muac_cm, b->muac_cm) && same_real(a->triceps_mm, b->triceps_mm) &&
	       same_real(a->subscap_mm, b->subscap_mm) && a->position == b->position &&
	       (a->oedema != 0) == (b->oedema != 0);
}

/* Is there a visit of pid at v->date with vkey key identical to v?  *same 1/0. */
static store_rc ident_same(gv_store *st, int64_t pid, const gv_visit *v, int64_t key, int *same)
{
	*same = 0;
	sqlite3_stmt *s = Q(st, Q_M_IDENT);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, pid);
	bind_date(s, 2, v->date);
	sqlite3_bind_int64(s, 3, key);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		gv_visit e;
		if (read_visit(s, 0, &e))
			*same = same_visit(&e, v);
	} else if (rc != SQLITE_DONE) {
		r = dberr(st, qdef[Q_M_IDENT].op, rc);
	}
	done(s);
	return r;
}

/* Migration 3's hook: the identity key of every measurement that existed before (the SQL left
 * -id there), in slices of ids so that no row is updated under an open scan. */
static store_rc mig3_visit_keys(gv_store *st)
{
	enum { SLICE = 4096 };
	static const char *const op = "upgrade schema to version 3";
	struct row {
		int64_t id, pid;
		gv_visit v;
	} *rows = malloc(SLICE * sizeof *rows);
	sqlite3_stmt *sel = NULL, *upd = NULL;
	int rc = sqlite3_prepare_v2(st->db,
				    "SELECT " VCOLS ", patient_id FROM measurements WHERE id > ?1 ORDER BY id LIMIT ?2", -1,
				    &sel, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(st->db, "UPDATE measurements SET vkey = ?2 WHERE id = ?1", -1, &upd, NULL);
	store_rc r = rc == SQLITE_OK ? STORE_OK : dberr(st, op, rc);
	if (!rows)
		r = seterr(st, STORE_ERROR, "%s: out of memory", op);
	int64_t after = 0;
	while (r == STORE_OK) {
		size_t n = 0;
		sqlite3_bind_int64(sel, 1, after);
		sqlite3_bind_int(sel, 2, SLICE);
		while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
			if (!read_visit(sel, 0, &rows[n].v)) {
				r = seterr(st, STORE_ERROR, "%s: measurement %lld has a malformed date", op,
					   (long long)sqlite3_column_int64(sel, 0));
				break;
			}
			rows[n].id = rows[n].v.id;
			rows[n].pid = sqlite3_column_int64(sel, 11);
			n++;
		}
		if (r == STORE_OK && rc != SQLITE_DONE)
			r = dberr(st, op, rc);
		sqlite3_reset(sel);
		if (r != STORE_OK || n == 0)
			break;
		for (size_t i = 0; r == STORE_OK && i < n; i++) {
			int64_t key = visit_key(&rows[i].v);
			for (int attempt = 0;; attempt++) {
				sqlite3_bind_int64(upd, 1, rows[i].id);
				sqlite3_bind_int64(upd, 2, key);
				rc = sqlite3_step(upd);
				sqlite3_reset(upd);
				if (rc == SQLITE_DONE)
					break;
				/* The old identity index kept identical visits out: a conflict is a hash
				 * collision; take the next key. */
				if (rc == SQLITE_CONSTRAINT_UNIQUE && attempt < 64) {
					key = (int64_t)(((uint64_t)key + 1) & INT64_MAX);
					continue;
				}
				r = dberr(st, op, rc);
				break;
			}
		}
		after = rows[n - 1].id;
	}
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	free(rows);
	return r;
}

/* A measurement row's visit (the clinical columns of T_MEAS cells). */
static void mrow_visit(const cell *row, gv_visit *v)
{
	record_visit_init(v);
	if (row[MC_DATE].t == SQLITE_TEXT)
		age_parse_date(row[MC_DATE].s, strlen(row[MC_DATE].s), &v->date);
	if (row[MC_TIME].t == SQLITE_TEXT && strlen(row[MC_TIME].s) == 5) {
		const char *t = row[MC_TIME].s;
		v->time_min = ((t[0] - '0') * 10 + t[1] - '0') * 60 + (t[3] - '0') * 10 + t[4] - '0';
	}
	double *vals[] = {&v->weight_kg, &v->height_cm, NULL, &v->head_cm, &v->muac_cm, &v->triceps_mm, &v->subscap_mm};
	for (int i = 0; i < 7; i++) {
		const cell *c = &row[MC_W + i];
		if (!vals[i] || (c->t != SQLITE_FLOAT && c->t != SQLITE_INTEGER))
			continue;
		*vals[i] = c->t == SQLITE_FLOAT ? c->d : (double)c->i;
	}
	if (row[MC_POS].t == SQLITE_TEXT && (row[MC_POS].s[0] == 'L' || row[MC_POS].s[0] == 'H'))
		v->position = row[MC_POS].s[0];
	v->oedema = row[MC_OED].t == SQLITE_INTEGER && row[MC_OED].i != 0;
}

/* The one integer a statement without parameters returns (Q_HW_GET, Q_AU_NEXT, Q_DATA_VERSION). */
static store_rc query_int64(gv_store *st, enum qid q, int64_t *out)
{
	sqlite3_stmt *s = Q(st, q);
	if (!s)
		return STORE_ERROR;
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else
		r = dberr(st, qdef[q].op, rc);
	done(s);
	return r;
}

/* A fresh measurement id (never reused: meta.measurement_hw is the highest ever handed out). */
static store_rc hw_get(gv_store *st, int64_t *hw)
{
	return query_int64(st, Q_HW_GET, hw);
}

static store_rc hw_set(gv_store *st, int64_t hw)
{
	sqlite3_stmt *s = Q(st, Q_HW_SET);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, hw);
	return run(st, Q_HW_SET, s);
}

/* Load row id of table td into row[0..ncol).  STORE_NOTFOUND when absent. */
static store_rc row_load(gv_store *st, const tdesc *td, int64_t id, cell *row)
{
	sqlite3_stmt *s = Q(st, td->q_row);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		for (int i = 0; i < td->ncol; i++)
			if (!cell_col(s, i, &row[i]))
				r = seterr(st, STORE_ERROR, "%s: out of memory", qdef[td->q_row].op);
	} else if (rc == SQLITE_DONE) {
		r = seterr(st, STORE_NOTFOUND, "no %s with id %lld", td->what, (long long)id);
	} else {
		r = dberr(st, qdef[td->q_row].op, rc);
	}
	done(s);
	return r;
}

/* Run q (insert, update: ?1 = id, ?2.. = the row; delete: ?1 = id).  For a measurement the
 * visit key is computed here; a unique-index conflict is a duplicate when the other row holds the
 * same visit (STORE_DUP), else a hash collision: the next key is tried. */
static store_rc row_write(gv_store *st, const tdesc *td, enum qid q, int64_t id, cell *row)
{
	gv_visit v;
	int64_t pid = 0;
	if (row && td->derived >= 0) {
		mrow_visit(row, &v);
		pid = row[MC_PID].i;
		cell_set_int(&row[td->derived], visit_key(&v));
	}
	for (int attempt = 0;; attempt++) {
		sqlite3_stmt *s = Q(st, q);
		if (!s)
			return STORE_ERROR;
		if (id)
			sqlite3_bind_int64(s, 1, id);
		else
			sqlite3_bind_null(s, 1);
		if (row)
			for (int i = 0; i < td->ncol; i++)
				cell_bind(s, i + 2, &row[i]);
		int rc = sqlite3_step(s);
		done(s);
		if (rc == SQLITE_DONE)
			return STORE_OK;
		if (rc == SQLITE_CONSTRAINT_UNIQUE && td == &T_MEAS && row && attempt < 64) {
			int same;
			store_rc r = ident_same(st, pid, &v, row[MC_VKEY].i, &same);
			if (r != STORE_OK)
				return r;
			if (same)
				return seterr(st, STORE_DUP, "%s: an identical measurement already exists", qdef[q].op);
			row[MC_VKEY].i = (int64_t)(((uint64_t)row[MC_VKEY].i + 1) & INT64_MAX);
			continue;
		}
		if (rc == SQLITE_CONSTRAINT_UNIQUE)
			return seterr(st, STORE_CONFLICT, "%s: %s", qdef[q].op, sqlite3_errmsg(st->db));
		return dberr(st, qdef[q].op, rc);
	}
}

static store_rc audit_next(gv_store *st, int64_t *change)
{
	return query_int64(st, Q_AU_NEXT, change);
}

static store_rc audit(gv_store *st, int64_t change, const char *at, const char *who, const char *tbl,
		      int64_t row_id, const char *action, const char *field, const cell *oldv, const cell *newv,
		      int64_t undoes)
{
	sqlite3_stmt *s = Q(st, Q_AU_INSERT);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, change);
	bind_text(s, 2, at);
	bind_text(s, 3, who);
	bind_text(s, 4, tbl);
	if (row_id)
		sqlite3_bind_int64(s, 5, row_id);
	bind_text(s, 6, action);
	bind_text(s, 7, field);
	if (oldv)
		cell_bind(s, 8, oldv);
	if (newv)
		cell_bind(s, 9, newv);
	if (undoes)
		sqlite3_bind_int64(s, 10, undoes);
	return run(st, Q_AU_INSERT, s);
}

/* Audit a whole row: action "insert" (values as new) or "delete" (values as old), one audit row
 * per non-NULL column. */
static store_rc audit_row(gv_store *st, const tdesc *td, int64_t change, const char *at, const char *who,
			  int64_t id, const char *action, const cell *row, int64_t undoes)
{
	int del = strcmp(action, "delete") == 0;
	for (int i = 0; i < td->ncol; i++) {
		if (cell_null(&row[i]) || i == td->derived)
			continue;
		store_rc r = audit(st, change, at, who, td->tbl, id, action, td->cols[i], del ? &row[i] : NULL,
				   del ? NULL : &row[i], undoes);
		if (r != STORE_OK)
			return r;
	}
	return STORE_OK;
}

/* Update row id to nrow (old values orow), auditing each changed column.  *changed counts them. */
static store_rc update_audited(gv_store *st, const tdesc *td, int64_t id, const cell *orow, cell *nrow,
			       const char *who, int64_t undoes, int *changed)
{
	char at[24];
	now_stamp(at);
	*changed = 0;
	for (int i = 0; i < td->ncol; i++)
		if (i != td->stamp && i != td->derived && !cell_eq(&orow[i], &nrow[i]))
			(*changed)++;
	if (!*changed)
		return STORE_OK;
	if (td->stamp >= 0 && !cell_set_text(&nrow[td->stamp], at))
		return seterr(st, STORE_ERROR, "out of memory");
	int64_t change;
	store_rc r = audit_next(st, &change);
	if (r == STORE_OK)
		r = row_write(st, td, td->q_update, id, nrow);
	for (int i = 0; r == STORE_OK && i < td->ncol; i++)
		if (i != td->stamp && i != td->derived && !cell_eq(&orow[i], &nrow[i]))
			r = audit(st, change, at, who, td->tbl, id, "update", td->cols[i], &orow[i], &nrow[i], undoes);
	return r;
}

/* The clinical columns of measurement row cells (MC_PID..MC_OED) from a visit. */
static int mrow_from_visit(cell *row, int64_t pid, const gv_visit *v)
{
	char tb[8];
	int ok = 1;
	cell_set_int(&row[MC_PID], pid);
	ok &= cell_set_date(&row[MC_DATE], v->date);
	if (v->time_min >= 0)
		fmt_time(v->time_min, tb);
	ok &= cell_set_text(&row[MC_TIME], v->time_min >= 0 ? tb : NULL);
	cell_set_real(&row[MC_W], v->weight_kg);
	cell_set_real(&row[MC_H], v->height_cm);
	ok &= cell_set_text(&row[MC_POS], v->position == 'L' ? "L" : v->position == 'H' ? "H" : NULL);
	cell_set_real(&row[MC_HEAD], v->head_cm);
	cell_set_real(&row[MC_MUAC], v->muac_cm);
	cell_set_real(&row[MC_TRI], v->triceps_mm);
	cell_set_real(&row[MC_SUB], v->subscap_mm);
	cell_set_int(&row[MC_OED], v->oedema ? 1 : 0);
	return ok;
}

static store_rc touch_patient(gv_store *st, int64_t pid)
{
	sqlite3_stmt *s = Q(st, Q_P_TOUCH);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, pid);
	return run(st, Q_P_TOUCH, s);
}

/* ------------------------------------------------------------------ patients */

static store_rc patient_by(gv_store *st, enum qid q, int64_t id, const char *ext, gv_patient *out)
{
	sqlite3_stmt *s = Q(st, q);
	if (!s)
		return STORE_ERROR;
	if (ext)
		bind_text(s, 1, ext);
	else
		sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		if (!read_patient(s, 0, out))
			r = seterr(st, STORE_ERROR, "patient %lld: malformed birth date in the database",
				   (long long)sqlite3_column_int64(s, 0));
	} else if (rc == SQLITE_DONE) {
		r = ext ? seterr(st, STORE_NOTFOUND, "no patient with id '%s'", ext)
			: seterr(st, STORE_NOTFOUND, "no patient #%lld", (long long)id);
	} else {
		r = dberr(st, qdef[q].op, rc);
	}
	done(s);
	return r;
}

store_rc store_patient_get(gv_store *st, int64_t id, gv_patient *out)
{
	return patient_by(st, Q_P_GET, id, NULL, out);
}

store_rc store_patient_find(gv_store *st, const char *ext_id, gv_patient *out)
{
	return patient_by(st, Q_P_FIND, 0, ext_id ? ext_id : "", out);
}

store_rc store_patient_resolve(gv_store *st, const char *key, gv_patient *out)
{
	store_rc r = store_patient_find(st, key, out);
	if (r != STORE_NOTFOUND || key[0] != '#')
		return r;
	char *end;
	long long id = strtoll(key + 1, &end, 10);
	if (end == key + 1 || *end || id <= 0)
		return seterr(st, STORE_NOTFOUND, "no patient with id '%s'", key);
	return store_patient_get(st, (int64_t)id, out);
}

store_rc store_patient_notes(gv_store *st, int64_t id, char **notes)
{
	*notes = NULL;
	sqlite3_stmt *s = Q(st, Q_P_NOTES);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(s, 0);
		if (!(*notes = strdup(t ? t : "")))
			r = seterr(st, STORE_ERROR, "read patient notes: out of memory");
	} else if (rc == SQLITE_DONE) {
		r = seterr(st, STORE_NOTFOUND, "no patient #%lld", (long long)id);
	} else {
		r = dberr(st, qdef[Q_P_NOTES].op, rc);
	}
	done(s);
	return r;
}

/* Insert *p (sets p->id).  With full != NULL the row also gets its last visit and flag summary
 * (full[0] = last visit day or STORE_NO_DATE, full[1] = severity, full[2] = count), not stale. */
static store_rc patient_row_insert(gv_store *st, gv_patient *p, const char *notes, const char *source,
				   const char *stamp, const int32_t *full)
{
	int q = full ? Q_P_INSERT_FULL : Q_P_INSERT;
	sqlite3_stmt *s = Q(st, q);
	if (!s)
		return STORE_ERROR;
	if (full) {
		bind_date(s, 14, full[0]);
		sqlite3_bind_int(s, 15, full[1]);
		sqlite3_bind_int(s, 16, full[2]);
	}
	bind_text_or_null(s, 1, p->ext_id);
	bind_text(s, 2, p->name);
	sqlite3_bind_int(s, 3, (int)p->sex);
	bind_date(s, 4, p->birth_date);
	if (p->ga_weeks > 0) {
		sqlite3_bind_int(s, 5, p->ga_weeks);
		sqlite3_bind_int(s, 6, p->ga_days);
	}
	bind_real(s, 7, p->mother_height_cm);
	bind_real(s, 8, p->father_height_cm);
	bind_text(s, 9, notes ? notes : "");
	sqlite3_bind_int64(s, 10, (int64_t)p->labels);
	bind_text(s, 11, source ? source : "");
	bind_text(s, 12, stamp);
	bind_text(s, 13, stamp);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_DONE)
		p->id = sqlite3_last_insert_rowid(st->db);
	else if (rc == SQLITE_CONSTRAINT_UNIQUE)
		r = seterr(st, STORE_CONFLICT, "insert patient: a patient with id '%s' exists", p->ext_id);
	else
		r = dberr(st, qdef[q].op, rc);
	done(s);
	return r;
}

static store_rc patient_insert(gv_store *st, gv_patient *p, const char *notes, const char *source,
			       const char *stamp)
{
	return patient_row_insert(st, p, notes, source, stamp, NULL);
}

store_rc store_patient_insert(gv_store *st, gv_patient *p, const char *notes, const char *source,
			      const char *who)
{
	store_rc r = check_write(st, "insert patient", who ? who : "");
	if (r == STORE_OK)
		r = check_patient(st, p);
	if (r != STORE_OK)
		return r;
	char at[24];
	now_stamp(at);
	int own;
	if ((r = tx_begin(st, &own)) != STORE_OK)
		return r;
	int64_t change = 0;
	r = patient_insert(st, p, notes, source ? source : "tui", at);
	if (r == STORE_OK)
		r = audit_next(st, &change);
	if (r == STORE_OK) {
		cell c = {SQLITE_TEXT, 0, 0, NULL};
		if (!cell_set_text(&c, p->ext_id[0] ? p->ext_id : p->name))
			r = seterr(st, STORE_ERROR, "out of memory");
		else
			r = audit(st, change, at, who, "patients", p->id, "create", NULL, NULL, &c, 0);
		cells_free(&c, 1);
	}
	return tx_end(st, own, r);
}

/* Patient row cells (T_PAT order) from a patient and notes. */
static int prow_from_patient(cell *row, const gv_patient *p, const char *notes)
{
	int ok = cell_set_text(&row[0], p->ext_id[0] ? p->ext_id : NULL);
	ok &= cell_set_text(&row[1], p->name);
	cell_set_int(&row[2], (int64_t)p->sex);
	ok &= cell_set_date(&row[3], p->birth_date);
	if (p->ga_weeks > 0) {
		cell_set_int(&row[4], p->ga_weeks);
		cell_set_int(&row[5], p->ga_days);
	} else {
		cell_set_text(&row[4], NULL);
		cell_set_text(&row[5], NULL);
	}
	cell_set_real(&row[6], p->mother_height_cm);
	cell_set_real(&row[7], p->father_height_cm);
	if (notes)
		ok &= cell_set_text(&row[8], notes);
	cell_set_int(&row[9], (int64_t)p->labels);
	return ok;
}

store_rc store_patient_update(gv_store *st, const gv_patient *p, const char *notes, const char *who)
{
	store_rc r = check_write(st, "update patient", who ? who : "");
	if (r == STORE_OK)
		r = check_patient(st, p);
	if (r != STORE_OK)
		return r;
	cell orow[MAXCOL] = {{0}}, nrow[MAXCOL] = {{0}};
	int own, changed = 0;
	if ((r = tx_begin(st, &own)) != STORE_OK)
		return r;
	r = row_load(st, &T_PAT, p->id, orow);
	for (int i = 0; r == STORE_OK && i < T_PAT.ncol; i++)
		if (!cell_copy(&nrow[i], &orow[i]))
			r = seterr(st, STORE_ERROR, "out of memory");
	if (r == STORE_OK && !prow_from_patient(nrow, p, notes))
		r = seterr(st, STORE_ERROR, "out of memory");
	if (r == STORE_OK)
		r = update_audited(st, &T_PAT, p->id, orow, nrow, who, 0, &changed);
	if (r == STORE_CONFLICT)
		seterr(st, STORE_CONFLICT, "update patient: another patient has id '%s'", p->ext_id);
	cells_free(orow, MAXCOL);
	cells_free(nrow, MAXCOL);
	return tx_end(st, own, r);
}

/* ------------------------------------------------------------------ patient list */

static const char *const order_sql[4][2] = {
	[STORE_SORT_NAME] = {" ORDER BY name COLLATE NOCASE, id", " ORDER BY name COLLATE NOCASE DESC, id DESC"},
	[STORE_SORT_AGE] = {" ORDER BY birth_date DESC, id DESC", " ORDER BY birth_date, id"},
	[STORE_SORT_LAST_VISIT] = {" ORDER BY last_visit DESC, id DESC", " ORDER BY last_visit, id"},
	[STORE_SORT_SEVERITY] = {" ORDER BY flag_severity DESC, name COLLATE NOCASE, id",
				 " ORDER BY flag_severity, name COLLATE NOCASE DESC, id DESC"},
};

/* " WHERE ..." for a filter; empty when none.  Constant fragments only. */
static const char *where_sql(int flagged, int search)
{
	static const char *const w[4] = {
		"",
		" WHERE (name LIKE :pat ESCAPE '\\' OR ext_id LIKE :pat ESCAPE '\\')",
		" WHERE flag_count > 0",
		" WHERE flag_count > 0 AND (name LIKE :pat ESCAPE '\\' OR ext_id LIKE :pat ESCAPE '\\')",
	};
	return w[(flagged ? 2 : 0) + (search ? 1 : 0)];
}

static sqlite3_stmt *list_stmt(gv_store *st, sqlite3_stmt **slot, const char *sql, const char *op)
{
	if (*slot)
		return *slot;
	int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, slot, NULL);
	if (rc != SQLITE_OK) {
		dberr(st, op, rc);
		sqlite3_finalize(*slot);
		*slot = NULL;
	}
	return *slot;
}

/* "%text%" with LIKE's wildcards escaped by '\'; malloc'd. */
static char *like_pattern(const char *text)
{
	size_t n = strlen(text);
	char *p = malloc(2 * n + 3), *w = p;
	if (!p)
		return NULL;
	*w++ = '%';
	for (const char *c = text; *c; c++) {
		if (*c == '%' || *c == '_' || *c == '\\')
			*w++ = '\\';
		*w++ = *c;
	}
	*w++ = '%';
	*w = '\0';
	return p;
}

static store_rc bind_filter(gv_store *st, sqlite3_stmt *s, const char *search, const char *op)
{
	if (!search)
		return STORE_OK;
	char *pat = like_pattern(search);
	if (!pat)
		return seterr(st, STORE_ERROR, "%s: out of memory", op);
	int i = sqlite3_bind_parameter_index(s, ":pat");
	int rc = i ? sqlite3_bind_text(s, i, pat, -1, SQLITE_TRANSIENT) : SQLITE_RANGE;
	free(pat);
	return rc == SQLITE_OK ? STORE_OK : seterr(st, STORE_ERROR, "%s: cannot bind search text", op);
}

store_rc store_patient_count(gv_store *st, const store_filter *f, long *n)
{
	const char *search = f && f->search && *f->search ? f->search : NULL;
	int flagged = f && f->flagged_only;
	int k = (flagged ? 2 : 0) + (search ? 1 : 0);
	char sql[512];
	snprintf(sql, sizeof sql, "SELECT count(*) FROM patients%s", where_sql(flagged, search != NULL));
	sqlite3_stmt *s = list_stmt(st, &st->count[k], sql, "count patients");
	if (!s)
		return STORE_ERROR;
	store_rc r = bind_filter(st, s, search, "count patients");
	if (r == STORE_OK) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			*n = (long)sqlite3_column_int64(s, 0);
		else
			r = dberr(st, "count patients", rc);
	}
	done(s);
	return r;
}

store_rc store_patient_page(gv_store *st, const store_filter *f, store_sort sort, int reverse, long offset,
			    int limit, store_patient_row *rows, int *nrows)
{
	*nrows = 0;
	if ((unsigned)sort > STORE_SORT_SEVERITY || offset < 0 || limit < 0)
		return seterr(st, STORE_INVALID, "list patients: bad sort, offset or limit");
	const char *search = f && f->search && *f->search ? f->search : NULL;
	int flagged = f && f->flagged_only;
	int k = (int)sort * 8 + (reverse ? 4 : 0) + (flagged ? 2 : 0) + (search ? 1 : 0);
	char sql[768];
	snprintf(sql, sizeof sql,
		 "SELECT id, ext_id, name, sex, birth_date, last_visit, flag_severity, flag_count, flag_stale"
		 " FROM patients%s%s LIMIT :lim OFFSET :off",
		 where_sql(flagged, search != NULL), order_sql[sort][reverse ? 1 : 0]);
	sqlite3_stmt *s = list_stmt(st, &st->list[k], sql, "list patients");
	if (!s)
		return STORE_ERROR;
	store_rc r = bind_filter(st, s, search, "list patients");
	sqlite3_bind_int(s, sqlite3_bind_parameter_index(s, ":lim"), limit);
	sqlite3_bind_int64(s, sqlite3_bind_parameter_index(s, ":off"), offset);
	while (r == STORE_OK && *nrows < limit) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			r = dberr(st, "list patients", rc);
			break;
		}
		store_patient_row *w = &rows[*nrows];
		memset(w, 0, sizeof *w);
		w->id = sqlite3_column_int64(s, 0);
		col_copy(s, 1, w->ext_id, sizeof w->ext_id);
		col_copy(s, 2, w->name, sizeof w->name);
		int sex = sqlite3_column_int(s, 3);
		w->sex = sex == 1 ? GV_MALE : sex == 2 ? GV_FEMALE : GV_SEX_UNKNOWN;
		if (!col_date(s, 4, &w->birth_date) || !col_date(s, 5, &w->last_visit))
			r = seterr(st, STORE_ERROR, "patient #%lld: malformed date in the database", (long long)w->id);
		w->flag_severity = sqlite3_column_int(s, 6);
		w->flag_count = sqlite3_column_int(s, 7);
		w->flag_stale = sqlite3_column_int(s, 8);
		(*nrows)++;
	}
	done(s);
	return r;
}

/* ------------------------------------------------------------------ one child */

static int visit_row(sqlite3_stmt *s, void *elem, char *why, size_t whysz)
{
	if (read_visit(s, 0, elem))
		return 0;
	snprintf(why, whysz, "measurement %lld: malformed date in the database", (long long)sqlite3_column_int64(s, 0));
	return -1;
}

/* The visits of pid into *v / *nv (malloc'd; NULL and 0 on error). */
static store_rc load_visits(gv_store *st, int64_t pid, gv_visit **v, size_t *nv)
{
	*v = NULL;
	*nv = 0;
	store_rc r = read_rows(st, Q_M_LOAD, pid, sizeof **v, visit_row, (void **)v, nv);
	if (r != STORE_OK) {
		free(*v);
		*v = NULL;
		*nv = 0;
	}
	return r;
}

store_rc store_child_load(gv_store *st, int64_t patient_id, gv_child *out)
{
	memset(out, 0, sizeof *out);
	store_rc r = store_patient_get(st, patient_id, &out->p);
	if (r == STORE_OK)
		r = load_visits(st, patient_id, &out->v, &out->nv);
	return r;
}

void store_child_free(gv_child *c)
{
	if (!c)
		return;
	free(c->v);
	c->v = NULL;
	c->nv = 0;
}

store_rc store_visit_info_get(gv_store *st, int64_t visit_id, store_visit_info *out)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = Q(st, Q_M_INFO);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, visit_id);
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		out->id = sqlite3_column_int64(s, 0);
		out->patient_id = sqlite3_column_int64(s, 1);
		col_copy(s, 2, out->source, sizeof out->source);
		col_copy(s, 3, out->entered_by, sizeof out->entered_by);
		col_copy(s, 4, out->created, sizeof out->created);
		col_copy(s, 5, out->updated, sizeof out->updated);
	} else if (rc == SQLITE_DONE) {
		r = seterr(st, STORE_NOTFOUND, "no measurement with id %lld", (long long)visit_id);
	} else {
		r = dberr(st, qdef[Q_M_INFO].op, rc);
	}
	done(s);
	return r;
}

/* ------------------------------------------------------------------ measurement changes */

/* The patient exists and v's date is not before the birth. */
static store_rc check_visit_patient(gv_store *st, int64_t pid, const gv_visit *v)
{
	gv_patient p;
	store_rc r = store_patient_get(st, pid, &p);
	if (r != STORE_OK)
		return r;
	if (v->date < p.birth_date)
		return seterr(st, STORE_INVALID, "measurement: date before the birth date");
	return STORE_OK;
}

store_rc store_visit_insert(gv_store *st, int64_t patient_id, gv_visit *v, const char *source, const char *who)
{
	store_rc r = check_write(st, "insert measurement", who ? who : "");
	if (r == STORE_OK)
		r = check_visit(st, v);
	if (r != STORE_OK)
		return r;
	char at[24];
	now_stamp(at);
	cell row[MAXCOL] = {{0}};
	int own;
	if ((r = tx_begin(st, &own)) != STORE_OK)
		return r;
	int64_t change = 0, hw = 0;
	r = check_visit_patient(st, patient_id, v);
	if (r == STORE_OK && (!mrow_from_visit(row, patient_id, v) || !cell_set_text(&row[MC_SOURCE], source ? source : "tui") ||
			      !cell_set_text(&row[MC_WHO], who) || !cell_set_text(&row[MC_CREATED], at) ||
			      !cell_set_text(&row[MC_UPDATED], at)))
		r = seterr(st, STORE_ERROR, "insert measurement: out of memory");
	if (r == STORE_OK)
		r = hw_get(st, &hw);
	if (r == STORE_OK)
		r = row_write(st, &T_MEAS, Q_M_ROW_INSERT, hw + 1, row);
	if (r == STORE_OK)
		r = hw_set(st, hw + 1);
	if (r == STORE_OK) {
		v->id = hw + 1;
		r = audit_next(st, &change);
	}
	if (r == STORE_OK)
		r = audit_row(st, &T_MEAS, change, at, who, v->id, "insert", row, 0);
	if (r == STORE_OK)
		r = touch_patient(st, patient_id);
	cells_free(row, MAXCOL);
	return tx_end(st, own, r);
}

store_rc store_visit_update(gv_store *st, const gv_visit *v, const char *who)
{
	store_rc r = check_write(st, "update measurement", who ? who : "");
	if (r == STORE_OK)
		r = check_visit(st, v);
	if (r != STORE_OK)
		return r;
	cell orow[MAXCOL] = {{0}}, nrow[MAXCOL] = {{0}};
	int own, changed = 0;
	if ((r = tx_begin(st, &own)) != STORE_OK)
		return r;
	r = row_load(st, &T_MEAS, v->id, orow);
	int64_t pid = orow[MC_PID].i;
	if (r == STORE_OK)
		r = check_visit_patient(st, pid, v);
	for (int i = 0; r == STORE_OK && i < MC_N; i++)
		if (!cell_copy(&nrow[i], &orow[i]))
			r = seterr(st, STORE_ERROR, "update measurement: out of memory");
	if (r == STORE_OK && !mrow_from_visit(nrow, pid, v))
		r = seterr(st, STORE_ERROR, "update measurement: out of memory");
	if (r == STORE_OK)
		r = update_audited(st, &T_MEAS, v->id, orow, nrow, who, 0, &changed);
	if (r == STORE_OK && changed)
		r = touch_patient(st, pid);
	cells_free(orow, MAXCOL);
	cells_free(nrow, MAXCOL);
	return tx_end(st, own, r);
}

store_rc store_visit_delete(gv_store *st, int64_t visit_id, const char *who)
{
	store_rc r = check_write(st, "delete measurement", who ? who : "");
	if (r != STORE_OK)
		return r;
	char at[24];
	now_stamp(at);
	cell row[MAXCOL] = {{0}};
	int own;
	int64_t change = 0;
	if ((r = tx_begin(st, &own)) != STORE_OK)
		return r;
	r = row_load(st, &T_MEAS, visit_id, row);
	if (r == STORE_OK)
		r = row_write(st, &T_MEAS, Q_M_DELETE, visit_id, NULL);
	if (r == STORE_OK)
		r = audit_next(st, &change);
	if (r == STORE_OK)
		r = audit_row(st, &T_MEAS, change, at, who, visit_id, "delete", row, 0);
	if (r == STORE_OK)
		r = touch_patient(st, row[0].i);
	cells_free(row, MAXCOL);
	return tx_end(st, own, r);
}

/* ------------------------------------------------------------------ undo */

typedef struct arow {
	char tbl[32];
	int64_t row_id;
	char action[16];
	char field[32];
	cell oldv, newv;
} arow;

static int col_index(const tdesc *td, const char *name)
{
	for (int i = 0; i < td->ncol; i++)
		if (strcmp(td->cols[i], name) == 0)
			return i;
	return -1;
}

static int arow_row(sqlite3_stmt *s, void *elem, char *why, size_t whysz)
{
	arow *a = elem;
	col_copy(s, 0, a->tbl, sizeof a->tbl);
	a->row_id = sqlite3_column_int64(s, 1);
	col_copy(s, 2, a->action, sizeof a->action);
	col_copy(s, 3, a->field, sizeof a->field);
	if (cell_col(s, 4, &a->oldv) && cell_col(s, 5, &a->newv))
		return 0;
	cells_free(&a->oldv, 1);
	cells_free(&a->newv, 1);
	snprintf(why, whysz, "out of memory");
	return -1;
}

/* The audit rows of change `change` into *rows / *n (the caller frees their cells and the array,
 * also on error). */
static store_rc load_change(gv_store *st, int64_t change, arow **rows, size_t *n)
{
	*rows = NULL;
	*n = 0;
	return read_rows(st, Q_AU_ROWS, change, sizeof **rows, arow_row, (void **)rows, n);
}

static void describe(const tdesc *td, const char *verb, const cell *row, char *what, size_t whatsz)
{
	if (!what || !whatsz)
		return;
	int d = td == &T_MEAS ? 1 : td == &T_ACK ? 2 : -1;
	if (d >= 0 && row[d].t == SQLITE_TEXT)
		snprintf(what, whatsz, "%s %s of %s", verb, td->what, row[d].s);
	else
		snprintf(what, whatsz, "%s %s", verb, td->what);
}

/* Undo change `change` (its audit rows a[0..n)); *patient = the patient whose record it touched
 * (0 for a rating). */
static store_rc undo_change(gv_store *st, int64_t change, const arow *a, size_t n, const char *who, char *what,
			    size_t whatsz, int64_t *patient)
{
	const tdesc *td = NULL;
	for (size_t i = 0; i < sizeof tdescs / sizeof tdescs[0]; i++)
		if (strcmp(tdescs[i]->tbl, a[0].tbl) == 0)
			td = tdescs[i];
	if (!td)
		return seterr(st, STORE_CONFLICT, "undo: changes to %s cannot be undone", a[0].tbl);
	int64_t id = a[0].row_id;
	char at[24];
	now_stamp(at);
	cell cur[MAXCOL] = {{0}}, nrow[MAXCOL] = {{0}};
	store_rc r = STORE_OK;
	int64_t nchange = 0;
	if (strcmp(a[0].action, "delete") == 0) {
		/* Re-insert the row with its id and old values. */
		r = row_load(st, td, id, cur);
		if (r == STORE_OK)
			r = seterr(st, STORE_CONFLICT, "undo: the %s exists again", td->what);
		else if (r == STORE_NOTFOUND)
			r = STORE_OK;
		for (size_t i = 0; r == STORE_OK && i < n; i++) {
			int c = col_index(td, a[i].field);
			if (c >= 0 && !cell_copy(&nrow[c], &a[i].oldv))
				r = seterr(st, STORE_ERROR, "undo: out of memory");
		}
		if (r == STORE_OK && td->stamp >= 0 && !cell_set_text(&nrow[td->stamp], at))
			r = seterr(st, STORE_ERROR, "undo: out of memory");
		if (r == STORE_OK && td->q_insert == Q_NONE)
			r = seterr(st, STORE_CONFLICT, "undo: cannot re-create a %s", td->what);
		if (r == STORE_OK)
			r = row_write(st, td, td->q_insert, id, nrow);
		if (r == STORE_OK)
			r = audit_next(st, &nchange);
		if (r == STORE_OK)
			r = audit_row(st, td, nchange, at, who, id, "insert", nrow, change);
		describe(td, "restored deleted", nrow, what, whatsz);
		if (td == &T_MEAS || td == &T_ACK) /* column 0: patient_id */
			*patient = nrow[0].i;
		if (r == STORE_OK && td == &T_MEAS)
			r = touch_patient(st, nrow[0].i);
	} else {
		r = row_load(st, td, id, cur);
		if (r == STORE_NOTFOUND)
			r = seterr(st, STORE_CONFLICT, "undo: the %s was deleted since", td->what);
		/* The row must still hold what the change wrote: otherwise someone changed it since. */
		for (size_t i = 0; r == STORE_OK && i < n; i++) {
			int c = col_index(td, a[i].field);
			if (c < 0 || c == td->stamp)
				continue;
			if (!cell_eq(&cur[c], &a[i].newv))
				r = seterr(st, STORE_CONFLICT, "undo: the %s was changed since (%s)", td->what, a[i].field);
		}
		if (r == STORE_OK && strcmp(a[0].action, "insert") == 0) {
			if (td->q_delete == Q_NONE)
				r = seterr(st, STORE_CONFLICT, "undo: cannot delete a %s", td->what);
			if (r == STORE_OK)
				r = row_write(st, td, td->q_delete, id, NULL);
			if (r == STORE_OK)
				r = audit_next(st, &nchange);
			if (r == STORE_OK)
				r = audit_row(st, td, nchange, at, who, id, "delete", cur, change);
			describe(td, "removed added", cur, what, whatsz);
		} else if (r == STORE_OK) {
			int changed;
			for (int i = 0; r == STORE_OK && i < td->ncol; i++)
				if (!cell_copy(&nrow[i], &cur[i]))
					r = seterr(st, STORE_ERROR, "undo: out of memory");
			for (size_t i = 0; r == STORE_OK && i < n; i++) {
				int c = col_index(td, a[i].field);
				if (c >= 0 && !cell_copy(&nrow[c], &a[i].oldv))
					r = seterr(st, STORE_ERROR, "undo: out of memory");
			}
			if (r == STORE_OK)
				r = update_audited(st, td, id, cur, nrow, who, change, &changed);
			describe(td, "reverted change to", nrow, what, whatsz);
		}
		if (td == &T_MEAS || td == &T_ACK)
			*patient = cur[0].i;
		else if (td == &T_PAT)
			*patient = id;
		if (r == STORE_OK && td == &T_MEAS)
			r = touch_patient(st, cur[0].i);
		if (r == STORE_OK && td == &T_PAT)
			r = touch_patient(st, id);
	}
	cells_free(cur, MAXCOL);
	cells_free(nrow, MAXCOL);
	return r;
}

store_rc store_undo(gv_store *st, const char *who, char *what, size_t whatsz, int64_t *patient_id)
{
	int64_t pid = 0;
	if (what && whatsz)
		what[0] = '\0';
	if (patient_id)
		*patient_id = 0;
	store_rc r = check_write(st, "undo", who ? who : "");
	if (r != STORE_OK)
		return r;
	int own;
	if ((r = tx_begin(st, &own)) != STORE_OK)
		return r;
	int64_t change = 0;
	sqlite3_stmt *s = Q(st, Q_AU_LAST);
	if (!s) {
		r = STORE_ERROR;
	} else {
		bind_text(s, 1, who);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			change = sqlite3_column_int64(s, 0);
		else if (rc == SQLITE_DONE)
			r = seterr(st, STORE_NOTFOUND, "undo: nothing to undo for %s", who);
		else
			r = dberr(st, qdef[Q_AU_LAST].op, rc);
		done(s);
	}
	arow *rows = NULL;
	size_t n = 0;
	if (r == STORE_OK)
		r = load_change(st, change, &rows, &n);
	if (r == STORE_OK && n == 0)
		r = seterr(st, STORE_NOTFOUND, "undo: change %lld has no rows", (long long)change);
	if (r == STORE_OK)
		r = undo_change(st, change, rows, n, who, what, whatsz, &pid);
	if (r == STORE_OK && patient_id)
		*patient_id = pid;
	for (size_t i = 0; i < n; i++) {
		cells_free(&rows[i].oldv, 1);
		cells_free(&rows[i].newv, 1);
	}
	free(rows);
	return tx_end(st, own, r);
}

/* ------------------------------------------------------------------ flags */

store_rc store_flag_summary_set(gv_store *st, int64_t patient_id, int severity, int count)
{
	store_rc r = check_write(st, "write flag summary", NULL);
	if (r != STORE_OK)
		return r;
	sqlite3_stmt *s = Q(st, Q_P_FLAGS);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, patient_id);
	sqlite3_bind_int(s, 2, severity);
	sqlite3_bind_int(s, 3, count);
	r = run(st, Q_P_FLAGS, s);
	if (r == STORE_OK && sqlite3_changes(st->db) == 0)
		r = seterr(st, STORE_NOTFOUND, "write flag summary: no patient #%lld", (long long)patient_id);
	return r;
}

int store_is_readonly(const gv_store *st)
{
	return st->readonly;
}

store_rc store_flag_rules_get(gv_store *st, char *tag, size_t n)
{
	tag[0] = '\0';
	sqlite3_stmt *s = Q(st, Q_META_GET);
	if (!s)
		return STORE_ERROR;
	bind_text(s, 1, "flag_rules");
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW)
		col_copy(s, 0, tag, n);
	else if (rc != SQLITE_DONE)
		r = dberr(st, qdef[Q_META_GET].op, rc);
	done(s);
	return r;
}

store_rc store_flag_rules_set(gv_store *st, const char *tag)
{
	store_rc r = check_write(st, "change flag rules", NULL);
	if (r != STORE_OK)
		return r;
	int own;
	if ((r = tx_begin(st, &own)) != STORE_OK)
		return r;
	sqlite3_stmt *s = Q(st, Q_P_ALL_STALE);
	r = s ? run(st, Q_P_ALL_STALE, s) : STORE_ERROR;
	if (r == STORE_OK && !(s = Q(st, Q_META_SET)))
		r = STORE_ERROR;
	if (r == STORE_OK) {
		bind_text(s, 1, "flag_rules");
		bind_text(s, 2, tag);
		r = run(st, Q_META_SET, s);
	}
	return tx_end(st, own, r);
}

store_rc store_data_version(gv_store *st, int64_t *version)
{
	return query_int64(st, Q_DATA_VERSION, version);
}

store_rc store_flag_stale_ids(gv_store *st, int64_t after_id, int64_t *ids, size_t max, size_t *n)
{
	*n = 0;
	sqlite3_stmt *s = Q(st, Q_P_STALE);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, after_id);
	sqlite3_bind_int64(s, 2, (int64_t)max);
	store_rc r = STORE_OK;
	for (;;) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			r = dberr(st, qdef[Q_P_STALE].op, rc);
			break;
		}
		ids[(*n)++] = sqlite3_column_int64(s, 0);
	}
	done(s);
	return r;
}

store_rc store_flag_ack(gv_store *st, int64_t patient_id, const char *rule, int32_t visit_date, const char *who,
			const char *comment, int64_t *ack_id)
{
	store_rc r = check_write(st, "acknowledge flag", who ? who : "");
	if (r != STORE_OK)
		return r;
	if (!rule || !*rule || strlen(rule) > 63)
		return seterr(st, STORE_INVALID, "acknowledge flag: rule id missing or too long");
	if (visit_date != STORE_NO_DATE && !store_date_ok(visit_date))
		return seterr(st, STORE_INVALID, "acknowledge flag: date out of range");
	char at[24];
	now_stamp(at);
	cell row[MAXCOL] = {{0}};
	int ok = 1;
	cell_set_int(&row[0], patient_id);
	ok &= cell_set_text(&row[1], rule);
	ok &= cell_set_date(&row[2], visit_date);
	ok &= cell_set_text(&row[3], who);
	ok &= cell_set_text(&row[4], at);
	ok &= cell_set_text(&row[5], comment ? comment : "");
	if (!ok) {
		cells_free(row, MAXCOL);
		return seterr(st, STORE_ERROR, "acknowledge flag: out of memory");
	}
	int own;
	int64_t change = 0, id = 0;
	if ((r = tx_begin(st, &own)) != STORE_OK) {
		cells_free(row, MAXCOL);
		return r;
	}
	gv_patient p;
	r = store_patient_get(st, patient_id, &p);
	if (r == STORE_OK)
		r = row_write(st, &T_ACK, Q_A_ROW_INSERT, 0, row);
	if (r == STORE_OK) {
		id = sqlite3_last_insert_rowid(st->db);
		r = audit_next(st, &change);
	}
	if (r == STORE_OK)
		r = audit_row(st, &T_ACK, change, at, who, id, "insert", row, 0);
	cells_free(row, MAXCOL);
	r = tx_end(st, own, r);
	if (r == STORE_OK && ack_id)
		*ack_id = id;
	return r;
}

void store_acks_free(store_ack *acks, size_t n)
{
	for (size_t i = 0; acks && i < n; i++)
		free(acks[i].comment);
	free(acks);
}

static int ack_row(sqlite3_stmt *s, void *elem, char *why, size_t whysz)
{
	store_ack *a = elem;
	a->id = sqlite3_column_int64(s, 0);
	col_copy(s, 1, a->rule, sizeof a->rule);
	if (!col_date(s, 2, &a->visit_date))
		a->visit_date = STORE_NO_DATE;
	col_copy(s, 3, a->who, sizeof a->who);
	col_copy(s, 4, a->at, sizeof a->at);
	const char *c = (const char *)sqlite3_column_text(s, 5);
	if ((a->comment = strdup(c ? c : "")) != NULL)
		return 0;
	snprintf(why, whysz, "out of memory");
	return -1;
}

store_rc store_flag_acks(gv_store *st, int64_t patient_id, store_ack **acks, size_t *n)
{
	*acks = NULL;
	*n = 0;
	store_rc r = read_rows(st, Q_A_LIST, patient_id, sizeof **acks, ack_row, (void **)acks, n);
	if (r != STORE_OK) {
		store_acks_free(*acks, *n);
		*acks = NULL;
		*n = 0;
	}
	return r;
}

/* ------------------------------------------------------------------ summaries and ratings */

store_rc store_summary_add(gv_store *st, int64_t patient_id, const char *backend, const char *model,
			   const char *prompt_id, const char *text, int64_t *id)
{
	store_rc r = check_write(st, "insert summary", NULL);
	if (r != STORE_OK)
		return r;
	if (!backend || !model || !prompt_id || !text)
		return seterr(st, STORE_INVALID, "insert summary: backend, model, prompt id and text are required");
	char at[24];
	now_stamp(at);
	sqlite3_stmt *s = Q(st, Q_S_INSERT);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, patient_id);
	bind_text(s, 2, backend);
	bind_text(s, 3, model);
	bind_text(s, 4, prompt_id);
	bind_text(s, 5, text);
	bind_text(s, 6, at);
	r = run(st, Q_S_INSERT, s);
	if (r == STORE_OK && id)
		*id = sqlite3_last_insert_rowid(st->db);
	return r;
}

store_rc store_rating_add(gv_store *st, int64_t summary_a, int64_t summary_b, const char *rater,
			  const char *scores_json, const char *comment, int64_t *id)
{
	store_rc r = check_write(st, "insert rating", rater ? rater : "");
	if (r != STORE_OK)
		return r;
	if (!scores_json)
		return seterr(st, STORE_INVALID, "insert rating: scores are required");
	char at[24];
	now_stamp(at);
	cell row[MAXCOL] = {{0}};
	int ok = 1;
	cell_set_int(&row[0], summary_a);
	if (summary_b)
		cell_set_int(&row[1], summary_b);
	ok &= cell_set_text(&row[2], rater);
	ok &= cell_set_text(&row[3], scores_json);
	ok &= cell_set_text(&row[4], comment ? comment : "");
	ok &= cell_set_text(&row[5], at);
	if (!ok) {
		cells_free(row, MAXCOL);
		return seterr(st, STORE_ERROR, "insert rating: out of memory");
	}
	int own;
	int64_t change = 0, rid = 0;
	if ((r = tx_begin(st, &own)) != STORE_OK) {
		cells_free(row, MAXCOL);
		return r;
	}
	r = row_write(st, &T_RATING, Q_RT_ROW_INSERT, 0, row);
	if (r == STORE_OK) {
		rid = sqlite3_last_insert_rowid(st->db);
		r = audit_next(st, &change);
	}
	if (r == STORE_OK)
		r = audit_row(st, &T_RATING, change, at, rater, rid, "insert", row, 0);
	cells_free(row, MAXCOL);
	r = tx_end(st, own, r);
	if (r == STORE_OK && id)
		*id = rid;
	return r;
}

/* ------------------------------------------------------------------ reported values */

static int reported_row(sqlite3_stmt *s, void *elem, char *why, size_t whysz)
{
	store_reported *w = elem;
	if (!col_date(s, 0, &w->date)) {
		snprintf(why, whysz, "malformed date in the database");
		return -1;
	}
	w->time_min = col_time(s, 1);
	col_copy(s, 2, w->code, sizeof w->code);
	w->value = sqlite3_column_double(s, 3);
	col_copy(s, 4, w->unit, sizeof w->unit);
	return 0;
}

store_rc store_reported_list(gv_store *st, int64_t patient_id, store_reported **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	store_rc r = read_rows(st, Q_R_LIST, patient_id, sizeof **out, reported_row, (void **)out, n);
	if (r != STORE_OK) {
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return r;
}

/* ------------------------------------------------------------------ bulk */

static store_rc need_bulk(gv_store *st, const char *op)
{
	return st->bulk ? STORE_OK : seterr(st, STORE_INVALID, "%s: no bulk transaction open", op);
}

store_rc store_bulk_begin(gv_store *st, const char *who, const char *source)
{
	store_rc r = check_write(st, "begin import", who ? who : "");
	if (r != STORE_OK)
		return r;
	if (st->bulk || !sqlite3_get_autocommit(st->db))
		return seterr(st, STORE_INVALID, "begin import: a transaction is already open");
	free(st->bulk_who);
	free(st->bulk_source);
	st->bulk_who = strdup(who);
	st->bulk_source = strdup(source ? source : "");
	if (!st->bulk_who || !st->bulk_source)
		return seterr(st, STORE_ERROR, "begin import: out of memory");
	now_stamp(st->bulk_stamp);
	st->ndirty = 0;
	st->nsummed = 0;
	st->dirty_break = 0;
	/* For the length of the import (restored by bulk_end): a larger page cache, and no second
	 * evaluation of the schema's CHECK constraints.  Every value a store_bulk_* function binds
	 * has passed check_patient()/check_visit(), which test what those CHECKs test (ranges of
	 * dates and times, positive finite values, position L/H, sex, gestational age, id length),
	 * and SQLite's re-evaluation was a sixth of a bulk import's time (0.9 s of 5.5 s for the
	 * 100,000-child cohort).  NOT NULL, UNIQUE and foreign keys stay enforced, and PRAGMA
	 * integrity_check, which evaluates the CHECKs, is run over bulk-imported files by the
	 * import, synth and crash tests. */
	exec(st, "bulk settings", "PRAGMA cache_size = -65536; PRAGMA ignore_check_constraints = ON");
	r = run0(st, Q_BEGIN);
	if (r != STORE_OK) {
		exec(st, "restore settings", "PRAGMA cache_size = -2000; PRAGMA ignore_check_constraints = OFF");
		return r;
	}
	st->bulk = 1;
	sqlite3_stmt *s = Q(st, Q_IMP_INSERT);
	if (!s) {
		store_bulk_rollback(st);
		return STORE_ERROR;
	}
	bind_text(s, 1, st->bulk_source);
	bind_text(s, 2, st->bulk_who);
	bind_text(s, 3, st->bulk_stamp);
	r = run(st, Q_IMP_INSERT, s);
	st->bulk_import = sqlite3_last_insert_rowid(st->db);
	int64_t hw = 0;
	if (r == STORE_OK)
		r = hw_get(st, &hw);
	st->next_mid = hw + 1;
	if (r != STORE_OK)
		store_bulk_rollback(st);
	return r;
}

store_rc store_bulk_patient_add(gv_store *st, gv_patient *p, const char *notes)
{
	store_rc r = need_bulk(st, "import patient");
	if (r == STORE_OK)
		r = check_patient(st, p);
	if (r == STORE_OK)
		r = patient_insert(st, p, notes, st->bulk_source, st->bulk_stamp);
	return r;
}

store_rc store_bulk_patient_set(gv_store *st, const gv_patient *p)
{
	store_rc r = need_bulk(st, "import patient");
	if (r == STORE_OK)
		r = check_patient(st, p);
	if (r != STORE_OK)
		return r;
	sqlite3_stmt *s = Q(st, Q_P_SET);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, p->id);
	bind_text_or_null(s, 2, p->ext_id);
	bind_text(s, 3, p->name);
	sqlite3_bind_int(s, 4, (int)p->sex);
	bind_date(s, 5, p->birth_date);
	if (p->ga_weeks > 0) {
		sqlite3_bind_int(s, 6, p->ga_weeks);
		sqlite3_bind_int(s, 7, p->ga_days);
	}
	bind_real(s, 8, p->mother_height_cm);
	bind_real(s, 9, p->father_height_cm);
	sqlite3_bind_int64(s, 10, (int64_t)p->labels);
	bind_text(s, 11, st->bulk_stamp);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		r = STORE_OK;
	else if (rc == SQLITE_CONSTRAINT_UNIQUE)
		r = seterr(st, STORE_CONFLICT, "import patient: another patient has id '%s'", p->ext_id);
	else
		r = dberr(st, qdef[Q_P_SET].op, rc);
	done(s);
	return r;
}

static store_rc mark_dirty(gv_store *st, int64_t pid)
{
	if (st->ndirty && !st->dirty_break && st->dirty[st->ndirty - 1] == pid)
		return STORE_OK;
	if (st->ndirty == st->capdirty) {
		size_t cap = st->capdirty ? st->capdirty * 2 : 1024;
		int64_t *d = realloc(st->dirty, cap * sizeof *d);
		if (!d)
			return seterr(st, STORE_ERROR, "import: out of memory");
		st->dirty = d;
		st->capdirty = cap;
	}
	st->dirty[st->ndirty++] = pid;
	st->dirty_break = 0;
	return STORE_OK;
}

store_rc store_bulk_flag_summary(gv_store *st, int64_t patient_id, int severity, int count)
{
	store_rc r = need_bulk(st, "write flag summary");
	if (r != STORE_OK)
		return r;
	if (st->nsummed == st->capsummed) {
		size_t cap = st->capsummed ? st->capsummed * 2 : 1024;
		struct summed *d = realloc(st->summed, cap * sizeof *d);
		if (!d)
			return seterr(st, STORE_ERROR, "write flag summary: out of memory");
		st->summed = d;
		st->capsummed = cap;
	}
	sqlite3_stmt *s = Q(st, Q_P_TOUCH_FLAGS);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, patient_id);
	sqlite3_bind_int(s, 2, severity);
	sqlite3_bind_int(s, 3, count);
	if ((r = run(st, Q_P_TOUCH_FLAGS, s)) != STORE_OK)
		return r;
	st->summed[st->nsummed++] = (struct summed){patient_id, st->ndirty};
	st->dirty_break = 1;
	return STORE_OK;
}

static int cmp_summed(const void *a, const void *b)
{
	const struct summed *x = a, *y = b;
	if (x->id != y->id)
		return (x->id > y->id) - (x->id < y->id);
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Drop from the dirty list every entry made before its patient's last store_bulk_flag_summary:
 * that patient's row is up to date.  An entry made after it (a visit added later) stays. */
static void drop_summed(gv_store *st)
{
	if (!st->nsummed)
		return;
	qsort(st->summed, st->nsummed, sizeof *st->summed, cmp_summed);
	size_t keep = 0;
	for (size_t k = 0; k < st->ndirty; k++) {
		int64_t id = st->dirty[k];
		size_t lo = 0, hi = st->nsummed; /* first entry with summed.id > id */
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;
			if (st->summed[mid].id <= id)
				lo = mid + 1;
			else
				hi = mid;
		}
		int covered = lo > 0 && st->summed[lo - 1].id == id && st->summed[lo - 1].seq > k;
		if (!covered)
			st->dirty[keep++] = id;
	}
	st->ndirty = keep;
}

/* Insert v for patient_id unless an identical measurement exists (*added 1 or 0). */
static store_rc visit_add(gv_store *st, int64_t patient_id, const gv_visit *v, int *added)
{
	*added = 0;
	store_rc r;
	int64_t key = visit_key(v);
	char date[16]; /* bound SQLITE_STATIC: outlives the step, unbound by done() (a copy per row
			* was 2% of a bulk import) */
	age_format_date(v->date, date);
	for (int attempt = 0;; attempt++) {
		sqlite3_stmt *s = Q(st, Q_M_INSERT);
		if (!s)
			return STORE_ERROR;
		sqlite3_bind_int64(s, 1, st->next_mid);
		sqlite3_bind_int64(s, 2, patient_id);
		sqlite3_bind_text(s, 3, date, 10, SQLITE_STATIC);
		bind_time(s, 4, v->time_min);
		bind_real(s, 5, v->weight_kg);
		bind_real(s, 6, v->height_cm);
		bind_pos(s, 7, v->position);
		bind_real(s, 8, v->head_cm);
		bind_real(s, 9, v->muac_cm);
		bind_real(s, 10, v->triceps_mm);
		bind_real(s, 11, v->subscap_mm);
		sqlite3_bind_int(s, 12, v->oedema ? 1 : 0);
		sqlite3_bind_int64(s, 13, key);
		sqlite3_bind_int64(s, 14, st->bulk_import);
		int rc = sqlite3_step(s);
		int n = rc == SQLITE_DONE ? sqlite3_changes(st->db) : 0;
		done(s);
		if (rc != SQLITE_DONE)
			return dberr(st, qdef[Q_M_INSERT].op, rc);
		if (n) {
			st->next_mid++;
			*added = 1;
			return STORE_OK;
		}
		/* The identity key is taken: the same visit (a duplicate), or a hash collision. */
		int same;
		if ((r = ident_same(st, patient_id, v, key, &same)) != STORE_OK)
			return r;
		if (same || attempt >= 64)
			return STORE_OK;
		key = (int64_t)(((uint64_t)key + 1) & INT64_MAX);
	}
}

store_rc store_bulk_visit(gv_store *st, int64_t patient_id, const gv_visit *v, int *added)
{
	int a = 0;
	if (added)
		*added = 0;
	store_rc r = need_bulk(st, "import measurement");
	if (r == STORE_OK)
		r = check_visit(st, v);
	if (r == STORE_OK)
		r = visit_add(st, patient_id, v, &a);
	if (r == STORE_OK && a) {
		if (added)
			*added = 1;
		r = mark_dirty(st, patient_id);
	}
	return r;
}

store_rc store_bulk_child_add(gv_store *st, gv_patient *p, const char *notes, const gv_visit *v, size_t nv,
			      int flag_severity, int flag_count, size_t *added)
{
	*added = 0;
	store_rc r = need_bulk(st, "import patient");
	if (r == STORE_OK)
		r = check_patient(st, p);
	int32_t full[3] = {STORE_NO_DATE, flag_severity, flag_count};
	for (size_t i = 0; i < nv && r == STORE_OK; i++) {
		r = check_visit(st, &v[i]);
		if (full[0] == STORE_NO_DATE || v[i].date > full[0])
			full[0] = v[i].date;
	}
	if (r == STORE_OK)
		r = patient_row_insert(st, p, notes, st->bulk_source, st->bulk_stamp, full);
	for (size_t i = 0; i < nv && r == STORE_OK; i++) {
		int a;
		r = visit_add(st, p->id, &v[i], &a);
		*added += (size_t)a;
	}
	return r;
}

store_rc store_bulk_reported(gv_store *st, int64_t patient_id, const store_reported *rv, int *added)
{
	if (added)
		*added = 0;
	store_rc r = need_bulk(st, "import reported value");
	if (r != STORE_OK)
		return r;
	if (!store_date_ok(rv->date) || isnan(rv->value) || !rv->code[0])
		return seterr(st, STORE_INVALID, "import reported value: date, code or value missing");
	if (rv->time_min < -1 || rv->time_min >= 24 * 60)
		return seterr(st, STORE_INVALID, "import reported value: time out of range");
	sqlite3_stmt *s = Q(st, Q_R_INSERT);
	if (!s)
		return STORE_ERROR;
	sqlite3_bind_int64(s, 1, patient_id);
	bind_date(s, 2, rv->date);
	bind_time(s, 3, rv->time_min);
	bind_text(s, 4, rv->code);
	sqlite3_bind_double(s, 5, rv->value);
	bind_text(s, 6, rv->unit);
	sqlite3_bind_text(s, 7, st->bulk_source, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		if (added)
			*added = sqlite3_changes(st->db);
	} else {
		r = dberr(st, qdef[Q_R_INSERT].op, rc);
	}
	done(s);
	return r;
}

static int cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static void bulk_end(gv_store *st)
{
	st->bulk = 0;
	st->ndirty = 0;
	st->nsummed = 0;
	st->dirty_break = 0;
	exec(st, "restore settings", "PRAGMA cache_size = -2000; PRAGMA ignore_check_constraints = OFF");
}

store_rc store_bulk_commit(gv_store *st, const char *summary)
{
	store_rc r = need_bulk(st, "commit import");
	if (r != STORE_OK)
		return r;
	drop_summed(st);
	if (st->ndirty)
		qsort(st->dirty, st->ndirty, sizeof *st->dirty, cmp_id);
	for (size_t i = 0; r == STORE_OK && i < st->ndirty; i++)
		if (i == 0 || st->dirty[i] != st->dirty[i - 1])
			r = touch_patient(st, st->dirty[i]);
	int64_t change = 0;
	if (r == STORE_OK)
		r = hw_set(st, st->next_mid - 1);
	if (r == STORE_OK) {
		sqlite3_stmt *s = Q(st, Q_IMP_SUMMARY);
		if (!s) {
			r = STORE_ERROR;
		} else {
			sqlite3_bind_int64(s, 1, st->bulk_import);
			bind_text(s, 2, summary ? summary : "");
			r = run(st, Q_IMP_SUMMARY, s);
		}
	}
	if (r == STORE_OK)
		r = audit_next(st, &change);
	if (r == STORE_OK) {
		cell c = {SQLITE_NULL, 0, 0, NULL};
		if (!cell_set_text(&c, summary ? summary : ""))
			r = seterr(st, STORE_ERROR, "commit import: out of memory");
		else
			r = audit(st, change, st->bulk_stamp, st->bulk_who, "imports", st->bulk_import, "import",
				  st->bulk_source, NULL, &c, 0);
		cells_free(&c, 1);
	}
	if (r == STORE_OK)
		r = run0(st, Q_COMMIT);
	if (r != STORE_OK) {
		char keep[sizeof st->err];
		memcpy(keep, st->err, sizeof keep);
		run0(st, Q_ROLLBACK);
		memcpy(st->err, keep, sizeof keep);
	}
	bulk_end(st);
	return r;
}

void store_bulk_rollback(gv_store *st)
{
	if (!st->bulk)
		return;
	char keep[sizeof st->err];
	memcpy(keep, st->err, sizeof keep);
	run0(st, Q_ROLLBACK);
	memcpy(st->err, keep, sizeof keep);
	bulk_end(st);
}

/* ------------------------------------------------------------------ export */

static store_rc each_patient(gv_store *st, const gv_patient *p, store_visit_fn cb, void *ctx, int *cbret)
{
	gv_visit *v = NULL;
	size_t nv = 0;
	store_rc r = load_visits(st, p->id, &v, &nv);
	if (r != STORE_OK)
		return r;
	int ret = 0;
	if (nv == 0)
		ret = cb(ctx, p, NULL);
	for (size_t i = 0; !ret && i < nv; i++)
		ret = cb(ctx, p, &v[i]);
	free(v);
	if (cbret)
		*cbret = ret;
	return STORE_OK;
}

store_rc store_each_visit(gv_store *st, int64_t patient_id, store_visit_fn cb, void *ctx, int *cbret)
{
	if (cbret)
		*cbret = 0;
	gv_patient p;
	if (patient_id) {
		store_rc r = store_patient_get(st, patient_id, &p);
		return r == STORE_OK ? each_patient(st, &p, cb, ctx, cbret) : r;
	}
	sqlite3_stmt *s = Q(st, Q_P_ALL);
	if (!s)
		return STORE_ERROR;
	store_rc r = STORE_OK;
	int ret = 0;
	while (r == STORE_OK && !ret) {
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			break;
		if (rc != SQLITE_ROW) {
			r = dberr(st, qdef[Q_P_ALL].op, rc);
			break;
		}
		if (!read_patient(s, 0, &p)) {
			r = seterr(st, STORE_ERROR, "patient %lld: malformed birth date in the database", (long long)p.id);
			break;
		}
		r = each_patient(st, &p, cb, ctx, &ret);
	}
	done(s);
	if (cbret)
		*cbret = ret;
	return r;
}

store_rc store_pseudonym_key(gv_store *st, unsigned char key[32])
{
	sqlite3_stmt *s = Q(st, Q_META_GET);
	if (!s)
		return STORE_ERROR;
	bind_text(s, 1, "pseudonym_key");
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 32 && sqlite3_column_type(s, 0) == SQLITE_BLOB)
		memcpy(key, sqlite3_column_blob(s, 0), 32);
	else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		r = seterr(st, STORE_ERROR, "read meta: the pseudonym key is missing or malformed");
	else
		r = dberr(st, qdef[Q_META_GET].op, rc);
	done(s);
	return r;
}
