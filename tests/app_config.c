/* app_config.c — database location precedence, the config file and its errors. */
#include "tests/tu_store.h"

#include "app/config.h"
#include "core/age.h"

static char dir[256];

static int setup(void **state)
{
	(void)state;
	tu_tmpdir(dir, sizeof dir);
	char p[512];
	snprintf(p, sizeof p, "%s/home", dir);
	mkdir(p, 0755);
	setenv("HOME", p, 1);
	unsetenv("XDG_DATA_HOME");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("GROWTHVIEW_DB");
	unsetenv("GROWTHVIEW_CONFIG");
	unsetenv("GROWTHVIEW_TODAY");
	setenv("USER", "tester", 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char p[512];
	snprintf(p, sizeof p, "%s/home/.local/share/growthview", dir);
	rmdir(p);
	snprintf(p, sizeof p, "%s/home/.local/share", dir);
	rmdir(p);
	snprintf(p, sizeof p, "%s/home/.local", dir);
	rmdir(p);
	snprintf(p, sizeof p, "%s/cfg/growthview", dir);
	tu_rmdir(p);
	snprintf(p, sizeof p, "%s/cfg", dir);
	rmdir(p);
	snprintf(p, sizeof p, "%s/home", dir);
	rmdir(p);
	tu_rmdir(dir);
	return 0;
}

static void test_defaults(void **state)
{
	(void)state;
	gv_config c;
	char err[512], want[600];
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	snprintf(want, sizeof want, "%s/home/.local/share/growthview/growthview.db", dir);
	assert_string_equal(c.db, want);
	assert_int_equal(c.db_is_default, 1);
	assert_null(c.file);
	assert_int_equal(c.policy, GV_POLICY_AUTO);
	assert_int_equal(c.units, CONFIG_UNITS_METRIC);
	assert_int_equal(c.color, CONFIG_COLOR_AUTO);
	assert_string_equal(c.user, "tester");
	assert_string_equal(c.rater, "tester");
	/* The default directory is created private. */
	assert_int_equal(config_ensure_dir(&c, err, sizeof err), 0);
	struct stat sb;
	snprintf(want, sizeof want, "%s/home/.local/share/growthview", dir);
	assert_int_equal(stat(want, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0700);
	config_free(&c);

	/* XDG_DATA_HOME (absolute) moves it; a relative one is ignored (XDG spec). */
	setenv("XDG_DATA_HOME", "/srv/data", 1);
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	assert_string_equal(c.db, "/srv/data/growthview/growthview.db");
	config_free(&c);
	setenv("XDG_DATA_HOME", "rel/data", 1);
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	snprintf(want, sizeof want, "%s/home/.local/share/growthview/growthview.db", dir);
	assert_string_equal(c.db, want);
	config_free(&c);
}

static void write_config(const char *text)
{
	char p[512];
	snprintf(p, sizeof p, "%s/cfg", dir);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/cfg/growthview", dir);
	mkdir(p, 0700);
	snprintf(p, sizeof p, "%s/cfg/growthview/config", dir);
	tu_write(p, text);
	snprintf(p, sizeof p, "%s/cfg", dir);
	setenv("XDG_CONFIG_HOME", p, 1);
}

static void test_file_and_precedence(void **state)
{
	(void)state;
	write_config("# growthview\n\n db = ~/clinic.db \nreference=cdc\nunits = us\ncolor = \"never\"\nuser = dr_a\n"
		     "flags = who\n");
	gv_config c;
	char err[512], want[600];
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	snprintf(want, sizeof want, "%s/home/clinic.db", dir);
	assert_string_equal(c.db, want);
	assert_int_equal(c.db_is_default, 0);
	snprintf(want, sizeof want, "%s/cfg/growthview/config", dir);
	assert_string_equal(c.file, want);
	assert_int_equal(c.policy, GV_POLICY_CDC);
	assert_int_equal(c.units, CONFIG_UNITS_US);
	assert_int_equal(c.color, CONFIG_COLOR_NEVER);
	assert_int_equal(c.rules, CONFIG_RULES_WHO);
	assert_string_equal(c.user, "dr_a");
	assert_string_equal(c.rater, "dr_a");
	/* Not the default location: its directory is not created. */
	assert_int_equal(config_ensure_dir(&c, err, sizeof err), 0);
	config_free(&c);
	/* The environment beats the file, --db beats both. */
	setenv("GROWTHVIEW_DB", "/env/gv.db", 1);
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	assert_string_equal(c.db, "/env/gv.db");
	config_free(&c);
	assert_int_equal(config_load(&c, "/cli/gv.db", err, sizeof err), 0);
	assert_string_equal(c.db, "/cli/gv.db");
	config_free(&c);
	unsetenv("GROWTHVIEW_DB");
}

static void test_errors(void **state)
{
	(void)state;
	static const struct {
		const char *text, *msg;
	} cases[] = {
		{"reference = cdc\ncolour = never\n", "config:2: unknown key 'colour' (known: db, reference, units, color, flags, user, rater)"},
		{"flags = nhs\n", "config:1: bad value 'nhs' for flags (want us or who)"},
		{"\n\nreference = nhanes\n", "config:3: bad value 'nhanes' for reference (want auto, who or cdc)"},
		{"units metric\n", "config:1: expected 'key = value'"},
		{"user =\n", "config:1: bad value '' for user (want a name (1-63 bytes))"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		write_config(cases[i].text);
		gv_config c;
		char err[512], want[1024];
		assert_int_equal(config_load(&c, NULL, err, sizeof err), -1);
		snprintf(want, sizeof want, "%s/cfg/growthview/%s", dir, cases[i].msg);
		assert_string_equal(err, want);
		assert_null(c.db);
	}
	/* GROWTHVIEW_CONFIG names another file. */
	char p[512];
	snprintf(p, sizeof p, "%s/other.conf", dir);
	tu_write(p, "rater = rita\n");
	setenv("GROWTHVIEW_CONFIG", p, 1);
	gv_config c;
	char err[512];
	assert_int_equal(config_load(&c, NULL, err, sizeof err), 0);
	assert_string_equal(c.rater, "rita");
	assert_string_equal(c.user, "tester");
	config_free(&c);
	unsetenv("GROWTHVIEW_CONFIG");
}

static void test_today(void **state)
{
	(void)state;
	setenv("GROWTHVIEW_TODAY", "2024-02-29", 1);
	assert_int_equal(config_today(), age_days_from_civil(2024, 2, 29));
	unsetenv("GROWTHVIEW_TODAY");
	assert_true(config_today() > age_days_from_civil(2024, 1, 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_defaults, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file_and_precedence, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_today, setup, teardown),
	};
	return cmocka_run_group_tests_name("app_config", tests, NULL, NULL);
}
