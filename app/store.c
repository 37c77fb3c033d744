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
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include "core/age.h"

/* ------------------------------------------------------------------ schema */

/* Migration i (1-based) takes the file from user_version i-1 to i.  Each runs in its own
 * transaction together with its PRAGMA user_version; an old file is upgraded in place.  Never
 * edit a migration that has shipped: add a new one (tests/app_store.c keeps a frozen copy of
 * version 1 and checks that upgrading it gives the same schema as creating a new file). */
static const char *const migrations[] = {
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
};

#define NMIGRATIONS ((int)(sizeof migrations / sizeof migrations[0]))

/* ------------------------------------------------------------------ statements */

enum qid {
	Q_BEGIN,
	Q_COMMIT,
	Q_ROLLBACK,
	Q_COUNTS,
	Q_COUNT
};

static const struct qdef {
	const char *op;  /* names the operation in error messages */
	int nparam;      /* checked at prepare time */
	const char *sql;
} qdef[Q_COUNT] = {
	[Q_BEGIN] = {"begin transaction", 0, "BEGIN IMMEDIATE"},
	[Q_COMMIT] = {"commit", 0, "COMMIT"},
	[Q_ROLLBACK] = {"rollback", 0, "ROLLBACK"},
	[Q_COUNTS] = {"count patients and measurements", 0,
		      "SELECT (SELECT count(*) FROM patients), (SELECT count(*) FROM measurements)"},
};

struct gv_store {
	sqlite3 *db;
	char *path;
	int readonly;
	sqlite3_stmt *q[Q_COUNT];
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
	return seterr(st, STORE_ERROR, "%s: %s", op, sqlite3_errmsg(st->db));
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
			r = exec(st, op, migrations[ver]);
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

	gv_store *st = calloc(1, sizeof *st);
	if (!st || !(st->path = strdup(path))) {
		free(st);
		snprintf(err, errsz, "%s: out of memory", path);
		return STORE_ERROR;
	}
	st->readonly = ro;
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
	if (pragma_int(st, "PRAGMA application_id", &app) != SQLITE_OK ||
	    pragma_int(st, "PRAGMA user_version", &ver) != SQLITE_OK ||
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

	if (ro)
		r = exec(st, "set read-only", "PRAGMA query_only = 1; PRAGMA foreign_keys = ON;");
	else
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
	if (st->db && !sqlite3_get_autocommit(st->db))
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(st->db);
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
