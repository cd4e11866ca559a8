#include "cli/usage.h"

#include <fmt/format.h>

namespace rolemig {

namespace {

const char kInputs[] =
    "Legacy inputs:\n"
    "  --users FILE          users export: CSV, or Account API JSON (pages, JSON Lines); required, repeatable\n"
    "  --stores FILE         stores CSV: store_id,name[,region]\n"
    "  --roles FILE          custom roles YAML (custom_roles: name, permissions)\n"
    "  --catalog DIR         permissions.yaml, roles.yaml, policies.yaml (default: the shipped mappings/)\n";

const char kCommon[] =
    "  --format text|json    stdout: the report (text, the default) or JSON\n"
    "  -h, --help            show this help\n"
    "  --version             print rolemig's version\n";

const char kExit[] =
    "\n"
    "Exit status: 0 every user's access is equal and the Account Administrators checks pass;\n"
    "1 someone gains or loses access, cannot be verified, or an admin check fails; 2 bad input or usage\n"
    "(nothing written).\n";

std::string plan_help() {
  std::string out =
      "Maps every legacy assignment through the rules into groups, verifies user by user that nobody\n"
      "gains or loses access, checks Account Administrators, and writes plan.json, plan.md,\n"
      "access_before.csv, access_after.csv, requests.jsonl and expected_state.json to --out.\n\n";
  out += kInputs;
  out +=
      "  --rules FILE          rules YAML (default: the catalog's rules.yaml, else the shipped one)\n"
      "  --current FILE        group audit of the live account: plan only what is missing; repeatable\n"
      "\n"
      "Output:\n"
      "  --out DIR             the plan directory; required. Replaced as a whole when the plan is\n"
      "                        complete; other files in it are kept\n"
      "  --prune               also remove live memberships the rules do not place (never from\n"
      "                        Account Administrators)\n"
      "  --max-users-per-request N   users in one add request (default 50)\n"
      "  --max-groups-per-request N  groups in one add request (default 10)\n"
      "  --mutations-per-request N   mutations of one kind in one request, under GraphQL aliases\n"
      "                        (default 1: the beta schema may not take several)\n"
      "  --junit FILE          also write a JUnit XML report: one testcase per user and per\n"
      "                        Account Administrators check (written on exit 0 and 1)\n"
      "  --quiet               print no report or progress (errors and warnings still go to stderr)\n";
  return out + kCommon;
}

std::string verify_help() {
  std::string out =
      "Re-checks a plan.json (perhaps edited by a reviewer), or the live account's group audit,\n"
      "against the legacy inputs, and prints the same report as plan. Writes nothing.\n\n"
      "What to check (one of them):\n"
      "  --plan FILE           a plan.json written by rolemig plan\n"
      "  --current FILE        the live account's group audit after applying; repeatable\n"
      "\n";
  out += kInputs;
  out +=
      "  --rules FILE          rules YAML, for the waivers and each membership's rule\n"
      "\n"
      "With --plan, an input whose sha256 differs from the one the plan records, or that the plan\n"
      "records and is not given (or the reverse), is a warning on stderr.\n"
      "\n"
      "Output:\n"
      "  --junit FILE          also write a JUnit XML report: one testcase per user and per\n"
      "                        Account Administrators check (written on exit 0 and 1)\n"
      "  --quiet               print no report or progress (errors and warnings still go to stderr)\n";
  return out + kCommon;
}

std::string diff_help() {
  return std::string(
             "Per-user gains and losses between two access snapshots: access CSVs\n"
             "(email,target,permission) or plan.json files (chosen by the .json extension).\n"
             "Exits 1 when any user differs, like diff(1).\n\n"
             "Arguments:\n"
             "  BEFORE, AFTER         access CSV or plan.json\n"
             "\n"
             "Options:\n"
             "  --catalog DIR         catalog for the policies of a plan.json (default: the shipped mappings/)\n") +
         kCommon;
}

std::string check_admins_help() {
  std::string out =
      "After applying: checks the live Account Administrators group alone against the store owners\n"
      "and account admins of the legacy export: each MISSING, UNEXPECTED and OVER-GRANTED member,\n"
      "each IMPOSTOR group and each live group whose grants the audit does not show (UNVERIFIED),\n"
      "then the manual steps.\n\n"
      "  --current FILE        the live account's group audit; required, repeatable\n";
  out += kInputs;
  out += "  --rules FILE          rules YAML; read only when given (rules play no part in the checks)\n";
  out +=
      "\n"
      "Output:\n"
      "  --junit FILE          also write a JUnit XML report: one testcase per Account Administrators\n"
      "                        check (written on exit 0 and 1)\n"
      "  --quiet               print no report or progress (errors go to stderr)\n";
  return out + kCommon;
}

std::string explain_help() {
  std::string out =
      "Explains how one user's access maps, from the plan that plan would build on the same inputs\n"
      "(nothing is written): each assignment (store, role, checkboxes, status, source line) with every\n"
      "rule in order (matched, or the key that did not hold; where a final rule stopped) and the derive\n"
      "residual with its cover; the groups the user lands in and what each grant gives per target; the\n"
      "verdict with every gain and loss and where it comes from; the Account Administrators facts.\n\n"
      "  --user EMAIL          the user to explain (case-insensitive); required\n";
  out += kInputs;
  out +=
      "  --rules FILE          rules YAML (default: the catalog's rules.yaml, else the shipped one)\n"
      "  --current FILE        group audit of the live account, as for plan; repeatable\n"
      "\n"
      "Output:\n";
  return out + kCommon;
}

const char kExplainExit[] =
    "\n"
    "Exit status: 0 the user's access is equal (waivers applied) and no Account Administrators check\n"
    "fails because of them; 1 the user gains or loses access, cannot be verified, or an admin check\n"
    "fails because of them; 2 bad input or usage, or --user names nobody in the inputs.\n";

std::string suggest_help() {
  std::string out =
      "Designs the fewest groups that reproduce every user's legacy access (--users), or runs the same\n"
      "engine on a role-mining benchmark matrix (--pairs). With --users it writes to --out:\n"
      "rules.yaml (rules plan accepts unchanged), suggest.md and suggest.json (the design, its lower\n"
      "bound, and each decision no set of policies can take for a person), after planning the inputs\n"
      "with the drafted rules and proving that nobody gains and nobody loses what no decision lists.\n\n";
  out += kInputs;
  out +=
      "  --rules FILE          the rules to compare with (default: the catalog's rules.yaml, else the shipped one)\n"
      "  --current FILE        group audit of the live account, as for plan; repeatable\n"
      "  --pairs FILE          instead of the inputs above: a `user permission` matrix, two ids (whole\n"
      "                        numbers from 1) a line, the role-mining benchmark format\n"
      "  --time-limit SECONDS  stop searching then and keep the best roles found (default 10);\n"
      "                        the report says whether they are proven minimal\n"
      "\n"
      "Output:\n"
      "  --out DIR             where rules.yaml, suggest.md and suggest.json go; required with --users\n"
      "  --mutations-per-request N  GraphQL mutations one request carries under aliases, for the\n"
      "                        batched request estimate (default 1)\n"
      "  --quiet               print no report or progress\n";
  return out + kCommon;
}

const char kSuggestExit[] =
    "\n"
    "Exit status: 0 (--users) the drafted rules give every user equal access and the Account\n"
    "Administrators checks pass, (--pairs) the roles reproduce every user; 1 decisions are left to\n"
    "a person, or an admin check fails or a user cannot be verified; 2 bad input or usage (nothing\n"
    "written).\n";

std::string lint_help() {
  std::string out =
      "Checks a rules file against the catalog (and, given an export, against the account) and\n"
      "prints one line per finding, FILE:LINE:COL: KIND: message, then a summary line. Nothing is\n"
      "written. Without --users: unused-group, shadowed-rule (an earlier final rule matches all it\n"
      "matches), broad-waiver (no match, no permissions, change: any), dead-store-glob (no known store\n"
      "id matches it; store ids are known from --stores or the export), unplaced-role (a standard or\n"
      "custom role no rule can match). With --users, also rule-matches-nothing,\n"
      "waiver-matches-nothing, store-not-in-stores, and how many assignments explicit groups cover and\n"
      "how many fall to derive.\n\n"
      "Inputs (all optional):\n"
      "  --rules FILE          rules YAML (default: the catalog's rules.yaml, else the shipped one)\n"
      "  --catalog DIR         permissions.yaml, roles.yaml, policies.yaml (default: the shipped mappings/)\n"
      "  --roles FILE          custom roles YAML: they too must be placed by a rule\n"
      "  --users FILE          users export to check the rules against; repeatable\n"
      "  --stores FILE         stores CSV: the store ids store globs must match\n"
      "\n"
      "Output:\n";
  return out + kCommon;
}

const char kLintExit[] =
    "\n"
    "Exit status: 0 no findings; 1 findings; 2 bad input or usage.\n";

}  // namespace

const CommandText kPlanText{"plan", "map legacy access into groups, verify it, and write the plan to --out",
                            "usage: rolemig plan --users FILE [--users FILE ...] [--stores FILE] [--roles FILE] [--rules FILE] [--catalog DIR] "
                            "[--current FILE ...] [--prune] [--mutations-per-request N] --out DIR [--junit FILE] [--format text|json] [--quiet]",
                            plan_help};
const CommandText kVerifyText{"verify", "re-check a plan.json (perhaps edited), or the live account, against the legacy inputs",
                              "usage: rolemig verify (--plan DIR/plan.json | --current AUDIT.json) --users FILE [...] [--stores FILE] [--roles FILE] "
                              "[--rules FILE] [--catalog DIR] [--junit FILE] [--format text|json] [--quiet]",
                              verify_help};
const CommandText kDiffText{"diff", "per-user gains and losses between two access CSVs or two plan.json files",
                            "usage: rolemig diff BEFORE AFTER [--catalog DIR] [--format text|json]", diff_help};
const CommandText kCheckAdminsText{
    "check-admins", "after applying: check the live Account Administrators group against the export",
    "usage: rolemig check-admins --current AUDIT.json --users FILE [...] [--stores FILE] [--roles FILE] [--catalog DIR] "
    "[--rules FILE] [--junit FILE] [--format text|json] [--quiet]",
    check_admins_help};

const CommandText kExplainText{"explain", "how one user's access maps: assignments, rules, groups, verdict, admin facts",
                               "usage: rolemig explain --user EMAIL --users FILE [...] [--stores FILE] [--roles FILE] [--rules FILE] "
                               "[--catalog DIR] [--current FILE ...] [--format text|json]",
                               explain_help, kExplainExit};

const CommandText kSuggestText{
    "suggest", "draft the fewest groups and rules that reproduce everyone's access (or a matrix's)",
    "usage: rolemig suggest --users FILE [...] [--stores F] [--roles F] [--rules F] [--catalog DIR] [--current F] --out DIR\n"
    "                       [--mutations-per-request N] [--time-limit SECONDS] [--format text|json] [--quiet]\n"
    "       rolemig suggest --pairs FILE [--time-limit SECONDS] [--format text|json]",
    suggest_help, kSuggestExit};

const CommandText kLintText{"lint", "find dead, shadowed and too broad rules and waivers; with an export, what they match",
                            "usage: rolemig lint [--rules FILE] [--catalog DIR] [--roles FILE] [--users FILE ...] [--stores FILE] "
                            "[--format text|json]",
                            lint_help, kLintExit};

std::string main_help(const std::vector<const CommandText*>& commands) {
  std::string out =
      "rolemig migrates an account from legacy per-user store roles and permission checkboxes to\n"
      "group-based access, and proves that nobody gains or loses access. Every run is a dry run.\n"
      "A run that lasts over a second shows its steps on stderr when that is a terminal.\n"
      "\n"
      "usage: rolemig COMMAND [OPTIONS]    (rolemig COMMAND --help for its options)\n"
      "\n"
      "Commands:\n";
  for (const CommandText* c : commands) out += fmt::format("  {:<14}{}\n", c->name, c->summary);
  return out +
         "\n"
         "Options:\n"
         "  -h, --help    show this help\n"
         "  --version     print rolemig's version\n" +
         kExit;
}

std::string command_help(const CommandText& c) {
  return std::string(c.usage) + "\n\n" + c.help() + std::string(c.exit_status.empty() ? std::string_view(kExit) : c.exit_status);
}

}  // namespace rolemig
