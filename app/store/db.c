/* db.c — the store's connection: errors, cached statements, open (checks, creation, migration),
 * close, transactions, meta values (see store.h, store_int.h). */
#include "app/store/store_int.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ------------------------------------------------------------------ errors */

store_rc st_seterr(gv_store *st, store_rc rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(st->err, sizeof st->err, fmt, ap);
	va_end(ap);
	return rc;
}

/* Status and message for SQLite result code rc of operation op. */
store_rc st_dberr(gv_store *st, const char *op, int rc)
{
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		return st_seterr(st, STORE_BUSY, "%s: database is busy (another growthview is writing?)", op);
	if ((rc & 0xff) == SQLITE_READONLY)
		return st_seterr(st, STORE_READONLY, "%s: database is read-only", op);
	/* An I/O error or a full disk: add what the system said when SQLite kept it ("No space left
	 * on device"); the transaction is rolled back by the caller. */
	int sys = (rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL ? sqlite3_system_errno(st->db) : 0;
	if (sys)
		return st_seterr(st, STORE_ERROR, "%s: %s (%s)", op, sqlite3_errmsg(st->db), strerror(sys));
	return st_seterr(st, STORE_ERROR, "%s: %s", op, sqlite3_errmsg(st->db));
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
sqlite3_stmt *st_q(gv_store *st, enum qid id)
{
	if (st->q[id])
		return st->q[id];
	int rc = sqlite3_prepare_v3(st->db, st_qdef[id].sql, -1, SQLITE_PREPARE_PERSISTENT, &st->q[id], NULL);
	if (rc != SQLITE_OK) {
		st_dberr(st, st_qdef[id].op, rc);
		sqlite3_finalize(st->q[id]);
		st->q[id] = NULL;
		return NULL;
	}
	if (sqlite3_bind_parameter_count(st->q[id]) != st_qdef[id].nparam) {
		st_seterr(st, STORE_ERROR, "%s: statement has %d parameters, code binds %d", st_qdef[id].op,
		       sqlite3_bind_parameter_count(st->q[id]), st_qdef[id].nparam);
		sqlite3_finalize(st->q[id]);
		st->q[id] = NULL;
		return NULL;
	}
	return st->q[id];
}

/* Reset a cached statement after use (on every path). */
void st_done(sqlite3_stmt *s)
{
	if (s) {
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
	}
}

/* Step a statement that returns no row; resets it. */
store_rc st_run(gv_store *st, enum qid id, sqlite3_stmt *s)
{
	int rc = sqlite3_step(s);
	store_rc r = rc == SQLITE_DONE || rc == SQLITE_ROW ? STORE_OK : st_dberr(st, st_qdef[id].op, rc);
	st_done(s);
	return r;
}

store_rc st_run0(gv_store *st, enum qid id)
{
	sqlite3_stmt *s = st_q(st, id);
	return s ? st_run(st, id, s) : STORE_ERROR;
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
		st_dberr(st, sql, rc);
	sqlite3_finalize(s);
	return rc;
}

/* Run constant SQL (pragmas, migrations: no values in it). */
store_rc st_exec(gv_store *st, const char *op, const char *sql)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		return STORE_OK;
	store_rc r;
	if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED)
		r = st_seterr(st, STORE_BUSY, "%s: database is busy (another growthview is writing?)", op);
	else
		r = st_seterr(st, STORE_ERROR, "%s: %s", op, msg ? msg : sqlite3_errstr(rc));
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
		if (ver >= st_nmigrations)
			return STORE_OK;
		if (st->readonly)
			return st_seterr(st, STORE_READONLY,
				      "schema version %d needs an upgrade to %d: open it once without --read-only",
				      ver, st_nmigrations);
		store_rc r = st_run0(st, Q_BEGIN);
		if (r != STORE_OK)
			return r;
		/* Another process may have migrated while we waited for the lock. */
		if (pragma_int(st, "PRAGMA user_version", &ver) != SQLITE_OK) {
			st_run0(st, Q_ROLLBACK);
			return STORE_ERROR;
		}
		if (ver < st_nmigrations) {
			char op[64];
			snprintf(op, sizeof op, "upgrade schema to version %d", ver + 1);
			r = st_exec(st, op, st_migrations[ver].sql);
			if (r == STORE_OK && st_migrations[ver].hook)
				r = st_migrations[ver].hook(st);
			if (r != STORE_OK) {
				char keep[sizeof st->err];
				memcpy(keep, st->err, sizeof keep);
				st_run0(st, Q_ROLLBACK);
				memcpy(st->err, keep, sizeof keep);
				return r;
			}
		}
		r = st_run0(st, Q_COMMIT);
		if (r != STORE_OK) {
			st_run0(st, Q_ROLLBACK);
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
		r = st_exec(st, "set read-only", "PRAGMA query_only = 1; PRAGMA foreign_keys = ON;");
	else if (r == STORE_OK)
		r = st_exec(st, "configure database",
			 "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
	if (r == STORE_OK)
		r = migrate(st);
	if (r == STORE_OK)
		r = st_search_open(st);
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
	for (int i = 0; i < 2 * NSEARCH + 1; i++) {
		sqlite3_finalize(st->count[i]);
		sqlite3_finalize(st->count_step[i]);
	}
	st_llmsum_close(st);
	sqlite3_finalize(st->search_probe);
	sqlite3_finalize(st->max_id);
	st_checks_close(st);
	st_ratings_close(st);
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
	sqlite3_stmt *s = st_q(st, Q_COUNTS);
	if (!s)
		return STORE_ERROR;
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW) {
		*npatients = (long)sqlite3_column_int64(s, 0);
		*nvisits = (long)sqlite3_column_int64(s, 1);
	} else {
		r = st_dberr(st, st_qdef[Q_COUNTS].op, rc);
	}
	st_done(s);
	return r;
}

/* ------------------------------------------------------------------ transactions */

/* Start the unit of work of one API call: a transaction of its own, or a savepoint inside the
 * caller's (bulk) transaction.  *own says which, for st_tx_end. */
store_rc st_tx_begin(gv_store *st, int *own)
{
	*own = sqlite3_get_autocommit(st->db) != 0;
	return st_run0(st, *own ? Q_BEGIN : Q_SAVEPOINT);
}

/* Commit on r == STORE_OK, roll back otherwise (keeping the first error message). */
store_rc st_tx_end(gv_store *st, int own, store_rc r)
{
	if (r == STORE_OK) {
		r = st_run0(st, own ? Q_COMMIT : Q_RELEASE);
		if (r == STORE_OK)
			return r;
	}
	char keep[sizeof st->err];
	memcpy(keep, st->err, sizeof keep);
	if (own) {
		st_run0(st, Q_ROLLBACK);
	} else {
		st_run0(st, Q_ROLLBACK_TO);
		st_run0(st, Q_RELEASE);
	}
	memcpy(st->err, keep, sizeof keep);
	return r;
}

store_rc store_begin(gv_store *st)
{
	store_rc r = st_check_write(st, "begin transaction", NULL);
	if (r != STORE_OK)
		return r;
	if (st->bulk || !sqlite3_get_autocommit(st->db))
		return st_seterr(st, STORE_INVALID, "begin transaction: a transaction is already open");
	return st_run0(st, Q_BEGIN);
}

store_rc store_commit(gv_store *st)
{
	if (st->bulk || sqlite3_get_autocommit(st->db))
		return st_seterr(st, STORE_INVALID, "commit: no transaction open (or a bulk one)");
	store_rc r = st_run0(st, Q_COMMIT);
	if (r != STORE_OK)
		store_rollback(st);
	return r;
}

store_rc store_cache_large(gv_store *st, int on)
{
	return st_exec(st, "set the page cache", on ? "PRAGMA cache_size = -65536" : "PRAGMA cache_size = -2000");
}

void store_rollback(gv_store *st)
{
	if (st->bulk || sqlite3_get_autocommit(st->db))
		return;
	char keep[sizeof st->err];
	memcpy(keep, st->err, sizeof keep);
	st_run0(st, Q_ROLLBACK);
	memcpy(st->err, keep, sizeof keep);
}

/* The one integer a statement without parameters returns (Q_HW_GET, Q_AU_NEXT, Q_DATA_VERSION). */
store_rc st_query_int64(gv_store *st, enum qid q, int64_t *out)
{
	sqlite3_stmt *s = st_q(st, q);
	if (!s)
		return STORE_ERROR;
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	else
		r = st_dberr(st, st_qdef[q].op, rc);
	st_done(s);
	return r;
}

int store_is_readonly(const gv_store *st)
{
	return st->readonly;
}

store_rc store_data_version(gv_store *st, int64_t *version)
{
	return st_query_int64(st, Q_DATA_VERSION, version);
}

store_rc store_interactive(gv_store *st)
{
	if (st->readonly)
		return STORE_OK;
	char sql[64];
	snprintf(sql, sizeof sql, "PRAGMA wal_autocheckpoint = %d", STORE_INTERACTIVE_CHECKPOINT_PAGES);
	return st_exec(st, "set the checkpoint policy", sql);
}

store_rc store_checkpoint(gv_store *st)
{
	if (st->readonly)
		return STORE_OK;
	int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	return rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED ? STORE_OK : st_dberr(st, "checkpoint", rc);
}

store_rc store_pseudonym_key(gv_store *st, unsigned char key[32])
{
	sqlite3_stmt *s = st_q(st, Q_META_GET);
	if (!s)
		return STORE_ERROR;
	st_bind_text(s, 1, "pseudonym_key");
	int rc = sqlite3_step(s);
	store_rc r = STORE_OK;
	if (rc == SQLITE_ROW && sqlite3_column_bytes(s, 0) == 32 && sqlite3_column_type(s, 0) == SQLITE_BLOB)
		memcpy(key, sqlite3_column_blob(s, 0), 32);
	else if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		r = st_seterr(st, STORE_ERROR, "read meta: the pseudonym key is missing or malformed");
	else
		r = st_dberr(st, st_qdef[Q_META_GET].op, rc);
	st_done(s);
	return r;
}
