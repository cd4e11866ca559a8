#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <sstream>
#include <thread>

#include "cli/progress.h"
#include "cli/usage.h"
#include "io/access_csv_reader.h"
#include "io/csv_field.h"
#include "io/pairs_reader.h"
#include "plan/pipeline.h"
#include "io/plan_json_reader.h"
#include "render/output_format.h"
#include "render/junit_writer.h"
#include "render/mining_report.h"
#include "render/outputs.h"
#include "render/explain_writer.h"
#include "render/lint_writer.h"
#include "render/plan_json_writer.h"
#include "render/plan_view.h"
#include "render/rules_yaml_writer.h"
#include "render/suggest_json_writer.h"
#include "render/suggest_markdown_writer.h"
#include "render/suggest_view.h"
#include "plan/explanation.h"
#include "plan/suggest.h"
#include "io/catalog_loader.h"
#include "util/file.h"
#include "util/text.h"
#include "util/unicode.h"
#include "verify/access_diff.h"

namespace rolemig {

namespace {

using Format = OutputFormat;

// Every command's options; each command binds and reads its own.
struct Options {
  InputOptions inputs;                                       // plan, verify, check-admins; diff: --catalog alone
  PlanSettings settings;                                     // plan
  std::string out;                                           // plan
  std::optional<std::string> plan;                           // verify
  std::string before, after;                                 // diff
  std::string user;                                          // explain --user
  std::string pairs;                                         // suggest --pairs
  double time_limit = mining::Options{}.time_limit_seconds;  // suggest
  Format format = Format::text;
  std::optional<std::string> junit;  // plan, verify, check-admins
  bool quiet = false;                // plan, verify, check-admins, suggest
};

// The command line as parsed: the options, and the values rolemig checks
// itself once CLI11 is done, so that a mistake reads in its own words.
struct CommandLine {
  Options options;
  std::string format;
  std::string max_users, max_groups, time_limit, mutations;
  const CLI::Option* max_users_opt = nullptr;
  const CLI::Option* max_groups_opt = nullptr;
  const CLI::Option* time_limit_opt = nullptr;
  const CLI::Option* mutations_opt = nullptr;
};

enum class UsersRequired { yes, no };

void add_input_options(CLI::App* cmd, InputOptions& in, UsersRequired users = UsersRequired::yes) {
  // Descriptions live in usage.cpp (command_help), not here.
  CLI::Option* u = cmd->add_option("--users", in.users)->type_name("FILE");
  if (users == UsersRequired::yes) u->required();
  cmd->add_option("--stores", in.stores)->type_name("FILE");
  cmd->add_option("--roles", in.roles)->type_name("FILE");
  cmd->add_option("--rules", in.rules)->type_name("FILE");
  cmd->add_option("--catalog", in.catalog)->type_name("DIR");
}

// --format is bound as text and checked by parse_format(), so that its error
// reads as rolemig's own.
void add_format_options(CLI::App* cmd, std::string& format, bool* quiet) {
  cmd->add_option("--format", format)->type_name("text|json");
  if (quiet) cmd->add_flag("--quiet", *quiet);
}

// The progress of a command's run on stderr (cli/progress.h).
class CommandProgress : public Progress {
 public:
  CommandProgress(std::ostream& err, bool quiet)
      : Progress(err, Progress::shown_on_terminal(quiet), std::chrono::steady_clock::now, ProgressTicks::thread) {}
};

// --junit FILE: checked before any work, written once the run is done (also
// when it exits 1; on exit 2 nothing is written).
class JunitOutput {
 public:
  JunitOutput(const std::optional<std::string>& path, std::string_view command, JunitSuites suites) : command_(command), suites_(suites) {
    if (path) file_.emplace(*path, "--junit");
  }
  void write(const Plan& p) const {
    if (file_) file_->write([&](std::ostream& out) { write_junit(p, command_, suites_, out); });
  }

 private:
  std::string_view command_;
  JunitSuites suites_;
  std::optional<AtomicFile> file_;
};

void print_warnings(const Plan& p, std::ostream& err) {
  for (const auto& w : p.account.warnings) err << render(w);
  for (const auto& w : p.warnings) err << render(w);
}

// The terminal report's differences: every user's line when they fit a
// screen, else one line per cause (most users first), at most a screen of
// them, and where the rest is: plan.md and plan.json in `out_dir` (plan),
// or --format json (verify).
constexpr size_t kScreenLines = 20;

void print_differences(const Plan& p, std::ostream& out, const std::optional<std::string>& out_dir) {
  auto lines = difference_lines(p);
  if (lines.empty()) return;
  if (lines.size() <= kScreenLines) {
    out << "Differences:\n";
    for (const auto& l : lines) out << "  " << printable(l) << "\n";
    return;
  }
  auto causes = cause_lines(p);
  const std::string json = out_dir ? printable(*out_dir) + "/plan.json" : std::string("--format json");
  out << fmt::format("Differences by cause ({} cause{}, {} difference lines; each user's are in {}):\n", causes.size(), causes.size() == 1 ? "" : "s",
                     lines.size(), json);
  for (size_t i = 0; i < causes.size() && i < kScreenLines; ++i) out << "  " << printable(causes[i]) << "\n";
  if (causes.size() > kScreenLines) {
    out << fmt::format("  ... and {} more causes: see {}\n", causes.size() - kScreenLines, out_dir ? printable(*out_dir) + "/plan.md" : json);
  }
}

// `out_dir`: the plan's --out, where plan.md and plan.json list every difference.
void print_report(const Plan& p, std::ostream& out, const std::optional<std::string>& out_dir) {
  out << summary_line(p) << "\n";
  for (const auto& l : unverified_lines(p)) out << printable(l) << "\n";
  print_differences(p, out, out_dir);
  const AdminCheck& a = p.admins;
  if (!a.pass) {
    auto emails = [&](const std::vector<UserIdx>& v) {
      std::vector<std::string> e;
      for (UserIdx u : v) e.push_back(printable(p.account.users[u].email));
      return e.empty() ? std::string("none") : join(e, ", ");
    };
    std::vector<UserIdx> over;
    for (const auto& r : a.over_granted) over.push_back(r.user);
    auto groups = [](const std::vector<AdminImpostor>& list) {
      std::vector<std::string> names;
      for (const auto& i : list) names.push_back(quote(visible(i.group)));
      return names.empty() ? std::string("none") : join(names, ", ");
    };
    out << fmt::format(
        "{} check failed: missing {}; unexpected {}; removed {}; over-granted {}; impostors {}; unverified groups {}; "
        "active members {}\n",
        printable(a.group), emails(a.missing), emails(a.unexpected), emails(a.removed), emails(over), groups(a.impostors),
        groups(a.unverified_groups), a.active_members);
  }
  if (!p.verification.unmatched_waivers.empty()) {
    for (size_t w : p.verification.unmatched_waivers)
      out << fmt::format("Unmatched waiver at {}: {}\n", printable(p.rules.waivers[w].where.file_line()), printable(p.rules.waivers[w].reason));
  }
  for (const auto& st : p.mapping.manual_steps) out << fmt::format("Manual step for {}: {}\n", printable(visible(st.group)), printable(st.reason));
}

int run_plan(const Options& o, std::ostream& out, std::ostream& err) {
  CommandProgress progress(err, o.quiet);
  OutputDir dir(o.out);  // checks --out before any work
  JunitOutput junit(o.junit, "plan", JunitSuites::users_and_admins);
  progress.step("reading inputs");
  Plan p = load_inputs(o.inputs);
  progress.step("mapping and verifying");
  build_plan(p, catalog_dir_or_default(o.inputs.catalog), o.settings);
  progress.step("writing the plan");
  std::vector<std::string> written;
  std::vector<OutputDir::Staged> files;
  for (const OutputFile& f : plan_outputs()) {
    files.push_back({std::string(f.name), [&p, &f](std::ostream& file) { f.write(p, file); }});
    written.emplace_back(f.name);
  }
  dir.write_all(files, std::thread::hardware_concurrency());
  dir.commit();
  junit.write(p);  // after the plan directory, which may hold it
  progress.finish();
  print_warnings(p, err);
  if (o.format == Format::json) {
    out << terminal_json(render_summary_json(p));
  } else if (!o.quiet) {
    print_report(p, out, o.out);
    out << fmt::format("Wrote {} to {}\n", join(written, ", "), printable(o.out));
  }
  return p.exit_status();
}

// A plan.json's members join the account while it is loaded (PlanJsonReader),
// so the plan is read with the inputs.
Plan verified(const Options& o, Progress& progress) {
  if (o.plan) {
    progress.step("reading inputs and verifying the plan");
    return verify_plan_file(o.inputs, *o.plan);
  }
  progress.step("reading inputs");
  Plan p = load_inputs(o.inputs);
  progress.step("verifying the live account");
  verify_current_state(p);
  return p;
}

int run_verify(const Options& o, std::ostream& out, std::ostream& err) {
  CommandProgress progress(err, o.quiet);
  JunitOutput junit(o.junit, "verify", JunitSuites::users_and_admins);
  Plan p = verified(o, progress);
  if (o.junit) progress.step("writing the JUnit report");
  junit.write(p);
  progress.finish();
  print_warnings(p, err);
  if (o.format == Format::json) {
    out << terminal_json(render_plan_json(p));
  } else if (!o.quiet) {
    print_report(p, out, std::nullopt);
  }
  return p.exit_status();
}

// After apply: the live Account Administrators group against the owners and
// account admins of the legacy export.
int run_check_admins(const Options& o, std::ostream& out, std::ostream& err) {
  CommandProgress progress(err, o.quiet);
  JunitOutput junit(o.junit, "check-admins", JunitSuites::admins);
  // Rules play no part in the admin checks (no waiver hides them): only an
  // explicit --rules is read, and must be valid (Loads::inputs_rules_if_given).
  progress.step("reading inputs");
  Plan p = load_inputs(o.inputs);
  progress.step("checking the live account");
  verify_current_state(p);
  if (o.junit) progress.step("writing the JUnit report");
  junit.write(p);
  progress.finish();
  const AdminCheck& a = p.admins;
  if (o.format == Format::json) {
    out << terminal_json(render_admins_json(p));
    return a.pass ? 0 : 1;
  }
  if (o.quiet) return a.pass ? 0 : 1;
  out << fmt::format("{}: {} ({} members, {} required, {} active)\n", printable(a.group), a.pass ? "pass" : "FAIL", a.planned.size(),
                     a.required.size(), a.active_members);
  const AdminFindings f = admin_findings(p);
  std::vector<std::string> lines = admin_required_lines(p);
  for (const auto* more : {&f.unexpected, &f.removed, &f.over_granted, &f.impostors, &f.unverified_groups, &f.inactive})
    lines.insert(lines.end(), more->begin(), more->end());
  for (const auto& l : lines) out << "  " << printable(l) << "\n";
  for (const auto& st : p.mapping.manual_steps) out << fmt::format("Manual step for {}: {}\n", printable(visible(st.group)), printable(st.reason));
  return a.pass ? 0 : 1;
}

// How one user's access maps: the plan is built as `plan` builds it (nothing
// is written) and the user's part of it explained. The email is checked
// before the plan is built, so a typo costs only the reading.
int run_explain(const Options& o, std::ostream& out, std::ostream& err) {
  Plan p = load_inputs(o.inputs);
  const UserIdx user = find_explained_user(p.account, o.user);
  build_plan(p, catalog_dir_or_default(o.inputs.catalog));
  print_warnings(p, err);
  const Explanation x = explain_user(p, user);
  if (o.format == Format::json) {
    write_explanation_json(p, x, out);
  } else {
    write_explanation_text(p, x, out);
  }
  return x.exit_status(p);
}

// What in the rules is dead, shadowed, too broad or missing; with an export,
// what the rules match in it. Nothing is written.
int run_lint(const Options& o, std::ostream& out, std::ostream& err) {
  LintRun run = lint_inputs(o.inputs);
  for (const auto& w : run.warnings) err << render(w);
  if (o.format == Format::json) {
    write_lint_json(run.report, out);
  } else {
    write_lint_text(run.report, out);
  }
  return run.report.findings.empty() ? 0 : 1;
}

AccessSnapshot read_snapshot(const std::string& path, const std::optional<std::string>& catalog_dir) {
  if (std::filesystem::path(path).extension() == ".json") {
    return read_plan_access(path, load_catalog_stage(catalog_dir).catalog);
  }
  std::istringstream in(read_file(path, kExportLimit));
  return read_access_csv(in, path);
}

int run_diff(const Options& o, std::ostream& out, std::ostream&) {
  AccessSnapshot before = read_snapshot(o.before, o.inputs.catalog);
  AccessSnapshot after = read_snapshot(o.after, o.inputs.catalog);
  auto diffs = diff_access(before, after);
  if (o.format == Format::json) {
    nlohmann::ordered_json users = nlohmann::ordered_json::array();
    for (const auto& d : diffs) {
      auto pairs = [](const auto& v) {
        nlohmann::ordered_json a = nlohmann::ordered_json::array();
        for (const auto& [t, perm] : v) a.push_back({{"target", t}, {"permission", perm}});
        return a;
      };
      users.push_back({{"email", d.email}, {"gained", pairs(d.gained)}, {"lost", pairs(d.lost)}});
    }
    out << terminal_json(nlohmann::ordered_json{{"before", o.before}, {"after", o.after}, {"users", users}}.dump(2)) << "\n";
  } else {
    for (const auto& d : diffs) {
      out << printable(d.email) << "\n";
      for (const auto& [t, perm] : d.gained) out << "  + " << printable(t) << " " << printable(perm) << "\n";
      for (const auto& [t, perm] : d.lost) out << "  - " << printable(t) << " " << printable(perm) << "\n";
    }
    out << fmt::format("{} users differ\n", diffs.size());
  }
  return diffs.empty() ? 0 : 1;
}

// suggest --pairs: the role-mining engine on a benchmark matrix. Roles that
// do not reproduce every user are rolemig's bug, never the input's.
int run_suggest_pairs(const Options& o, std::ostream& out) {
  PairsMatrix pm = read_pairs(o.pairs);
  mining::Decomposition d = mining::mine_roles(pm.matrix, mining::Options{o.time_limit});
  if (!d.verified) throw InternalError(fmt::format("the roles found for {} do not reproduce every user's permissions", o.pairs));
  MiningReport report{o.pairs, pm.users, pm.permissions, pm.assignments, &d};
  if (o.format == Format::json) {
    write_mining_json(report, out);
  } else {
    write_mining_text(report, out);
  }
  return 0;
}

// suggest --users: the group design, proven on the same inputs, beside the
// current rules' plan. Exit as Suggestion::exit_status says.
int run_suggest_account(const Options& o, std::ostream& out, std::ostream& err) {
  CommandProgress progress(err, o.quiet);
  OutputDir dir(o.out);  // checks --out before any work
  progress.step("reading inputs");
  Plan loaded = load_inputs(o.inputs);
  progress.step("designing groups");
  SuggestSettings settings{DesignSettings{o.time_limit}, o.settings.limits.mutations_per_request};
  Suggestion s = suggest_groups(std::move(loaded), catalog_dir_or_default(o.inputs.catalog), settings);
  std::ostringstream rules;
  write_drafted_rules(s, rules);
  progress.step("proving the drafted rules");
  prove_drafted_rules(s, rules.str());
  progress.step("writing the suggestion");
  dir.write("rules.yaml", [&](std::ostream& f) { f << rules.str(); });
  dir.write("suggest.md", [&](std::ostream& f) { write_suggest_markdown(s, f); });
  dir.write("suggest.json", [&](std::ostream& f) { write_suggest_json(s, f); });
  dir.commit();
  progress.finish();
  print_warnings(s.baseline, err);
  if (o.format == Format::json) {
    out << terminal_json(suggest_summary_json(s));
  } else if (!o.quiet) {
    write_suggest_text(s, out);
    out << fmt::format("Wrote rules.yaml, suggest.md, suggest.json to {}\n", printable(o.out));
  }
  return s.exit_status();
}

int run_suggest(const Options& o, std::ostream& out, std::ostream& err) {
  return o.pairs.empty() ? run_suggest_account(o, out, err) : run_suggest_pairs(o, out);
}

// A mistake on the command line: "rolemig: error: <message>" and the
// command's usage line, exit 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Early { none, help, version };

// --help and --version win anywhere before "--", --help first.
Early early_answer(const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a == "--") break;
    if (a == "--help" || a == "-h") return Early::help;
  }
  for (const auto& a : args) {
    if (a == "--") break;
    if (a == "--version") return Early::version;
  }
  return Early::none;
}

// The option args[i] names, its value checked; when the value is the next
// argument, `i` moves onto it.
const CLI::Option* checked_option(const CLI::App& app, const std::vector<const CLI::Option*>& named, const std::vector<std::string>& names,
                                  const std::vector<std::string>& args, size_t& i) {
  const std::string& a = args[i];
  size_t eq = a.find('=');
  std::string name = a.substr(0, eq);
  auto it = std::find_if(named.begin(), named.end(), [&](const CLI::Option* o) { return o->check_name(name); });
  if (it == named.end()) {
    throw UsageError(fmt::format("expected an option of {}, found {}{}", app.get_name(), quote(name), did_you_mean(name, names)));
  }
  if ((*it)->get_expected_max() == 0) {  // a flag
    if (eq != std::string::npos) throw UsageError(fmt::format("expected no value after {}, found {}", name, quote(a.substr(eq + 1))));
  } else if (eq != std::string::npos && eq + 1 == a.size()) {
    throw UsageError(fmt::format("expected a value after {}=, found none", name));
  } else if (eq == std::string::npos) {
    if (i + 1 >= args.size()) throw UsageError(fmt::format("expected a value after {}, found none", name));
    const std::string& next = args[i + 1];
    if (next.size() > 1 && next[0] == '-') throw UsageError(fmt::format("expected a value after {}, found {}", name, quote(next)));
    ++i;
  }
  return *it;
}

// Every required option given, and a single-valued one at most once (CLI11
// would throw).
void check_counts(const CLI::App& app, std::map<const CLI::Option*, int>& seen) {
  for (const CLI::Option* o : app.get_options()) {
    if (o->get_required() && !seen[o]) throw UsageError(o->get_name() + " is required");
    if (seen[o] > 1 && o->get_expected_max() == 1 && o->get_multi_option_policy() == CLI::MultiOptionPolicy::Throw) {
      throw UsageError(fmt::format("expected {} once, found it {} times", o->get_name(), seen[o]));
    }
  }
}

// Checks one command's arguments against the options defined on `app`
// before CLI11 parses them, so that every mistake gets rolemig's own words:
// an unknown option (with the nearest valid one), a missing value, a stray
// argument, a required option not given. --help and --version win anywhere
// before "--".
Early check_arguments(const CLI::App& app, const std::vector<std::string>& args) {
  if (Early e = early_answer(args); e != Early::none) return e;
  std::vector<const CLI::Option*> named, positional;
  std::vector<std::string> names = {"--version"};
  for (const CLI::Option* o : app.get_options()) {
    (o->get_positional() ? positional : named).push_back(o);
    for (const auto& l : o->get_lnames()) names.push_back("--" + l);
  }
  std::map<const CLI::Option*, int> seen;
  size_t positionals = 0;
  bool only_positionals = false;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (!only_positionals && a == "--") {
      only_positionals = true;
      continue;
    }
    if (!only_positionals && a.size() > 1 && a[0] == '-') {
      ++seen[checked_option(app, named, names, args, i)];
      continue;
    }
    if (positionals >= positional.size()) throw UsageError(fmt::format("expected no further argument, found {}", quote(a)));
    ++seen[positional[positionals++]];
  }
  check_counts(app, seen);
  return Early::none;
}

Format parse_format(const std::string& text) {
  if (text.empty()) return Format::text;
  if (auto f = output_format_named(text)) return *f;
  throw UsageError(fmt::format("expected --format to be text or json, found {}", quote(text)));
}

void parse_count(const CLI::Option* opt, const std::string& text, size_t& value) {
  if (opt->count() == 0) return;
  size_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n == 0) {
    throw UsageError(fmt::format("expected {} to be a whole number of at least 1, found {}", opt->get_name(), quote(text)));
  }
  value = n;
}

std::string version_line() { return std::string("rolemig ") + ROLEMIG_VERSION + "\n"; }

// Each command's options, in the order CLI11 is given them: the first
// required option missing is the one named.
void bind_plan(CLI::App& app, CommandLine& c) {
  Options& o = c.options;
  add_input_options(&app, o.inputs);
  app.add_option("--current", o.inputs.current)->type_name("FILE");
  app.add_flag("--prune", o.settings.prune);
  c.max_users_opt = app.add_option("--max-users-per-request", c.max_users)->type_name("N");
  c.max_groups_opt = app.add_option("--max-groups-per-request", c.max_groups)->type_name("N");
  c.mutations_opt = app.add_option("--mutations-per-request", c.mutations)->type_name("N");
  app.add_option("--out", o.out)->required()->type_name("DIR");
  app.add_option("--junit", o.junit)->type_name("FILE");
  add_format_options(&app, c.format, &o.quiet);
}

void bind_verify(CLI::App& app, CommandLine& c) {
  app.add_option("--plan", c.options.plan)->type_name("FILE");
  app.add_option("--current", c.options.inputs.current)->type_name("FILE");
  add_input_options(&app, c.options.inputs);
  app.add_option("--junit", c.options.junit)->type_name("FILE");
  add_format_options(&app, c.format, &c.options.quiet);
}

void bind_diff(CLI::App& app, CommandLine& c) {
  app.add_option("BEFORE", c.options.before)->required();
  app.add_option("AFTER", c.options.after)->required();
  app.add_option("--catalog", c.options.inputs.catalog)->type_name("DIR");
  add_format_options(&app, c.format, nullptr);
}

void bind_check_admins(CLI::App& app, CommandLine& c) {
  app.add_option("--current", c.options.inputs.current)->required()->type_name("FILE");
  add_input_options(&app, c.options.inputs);
  app.add_option("--junit", c.options.junit)->type_name("FILE");
  add_format_options(&app, c.format, &c.options.quiet);
}

void bind_explain(CLI::App& app, CommandLine& c) {
  app.add_option("--user", c.options.user)->required()->type_name("EMAIL");
  add_input_options(&app, c.options.inputs);
  app.add_option("--current", c.options.inputs.current)->type_name("FILE");
  add_format_options(&app, c.format, nullptr);
}

void bind_lint(CLI::App& app, CommandLine& c) {
  add_input_options(&app, c.options.inputs, UsersRequired::no);
  add_format_options(&app, c.format, nullptr);
}

void bind_suggest(CLI::App& app, CommandLine& c) {
  Options& o = c.options;
  app.add_option("--pairs", o.pairs)->type_name("FILE");
  add_input_options(&app, o.inputs, UsersRequired::no);
  app.add_option("--current", o.inputs.current)->type_name("FILE");
  app.add_option("--out", o.out)->type_name("DIR");
  c.mutations_opt = app.add_option("--mutations-per-request", c.mutations)->type_name("N");
  c.time_limit_opt = app.add_option("--time-limit", c.time_limit)->type_name("SECONDS");
  add_format_options(&app, c.format, &o.quiet);
}

// A command's own checks once CLI11 has parsed (after --format's).
void check_plan(CommandLine& c) {
  parse_count(c.max_users_opt, c.max_users, c.options.settings.limits.max_users);
  parse_count(c.max_groups_opt, c.max_groups, c.options.settings.limits.max_groups);
  parse_count(c.mutations_opt, c.mutations, c.options.settings.limits.mutations_per_request);
  if (c.options.out.empty()) throw UsageError("expected --out to name a directory, found an empty string");
}

void check_verify(CommandLine& c) {
  const Options& o = c.options;
  if (o.plan.has_value() == !o.inputs.current.empty()) {
    throw UsageError(fmt::format("expected --plan FILE or --current FILE, found {}", o.plan ? "both" : "neither"));
  }
}

// --pairs FILE alone, or --users ... --out DIR.
void check_suggest_inputs(const CommandLine& c) {
  const Options& o = c.options;
  const bool pairs = !o.pairs.empty(), users = !o.inputs.users.empty();
  if (pairs == users) throw UsageError(fmt::format("expected --pairs FILE or --users FILE, found {}", pairs ? "both" : "neither"));
  if (users && o.out.empty()) throw UsageError("expected --out DIR with --users, found none");
  if (pairs) {
    const InputOptions& in = o.inputs;
    const char* other = in.stores                      ? "--stores"
                        : in.roles                     ? "--roles"
                        : in.rules                     ? "--rules"
                        : in.catalog                   ? "--catalog"
                        : !in.current.empty()          ? "--current"
                        : !o.out.empty()               ? "--out"
                        : c.mutations_opt->count() > 0 ? "--mutations-per-request"
                                                       : nullptr;
    if (other) throw UsageError(fmt::format("expected no {} with --pairs, found one", other));
  }
}

void check_suggest(CommandLine& c) {
  check_suggest_inputs(c);
  parse_count(c.mutations_opt, c.mutations, c.options.settings.limits.mutations_per_request);
  if (c.time_limit_opt->count() == 0) return;
  const std::string& text = c.time_limit;
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !(v > 0) || v > 1e6) {
    throw UsageError(fmt::format("expected --time-limit to be a number of seconds above 0 and at most 1000000, found {}", quote(text)));
  }
  c.options.time_limit = v;
}

void no_checks(CommandLine&) {}

// What a command reads before its own work.
enum class Loads {
  inputs,                 // load_inputs: the catalog, rules, account and current-state stages
  inputs_rules_if_given,  // the same, but rules only from an explicit --rules: no waiver hides an admin check
  snapshots,              // two access snapshots (and the catalog stage for a plan.json)
  inputs_or_pairs,        // suggest: load_inputs, or a user-permission matrix (--pairs)
  definitions,            // lint: the catalog and rules stages, the account only when --users is given
};

// The commands, in help order: parsing, usage lines, help and dispatch all
// come from here.
struct Command {
  const CommandText& text;  // name, usage line, help (usage.cpp)
  Loads loads;
  void (*bind)(CLI::App& app, CommandLine& c);  // defines its options
  void (*check)(CommandLine& c);                // throws UsageError
  int (*run)(const Options& o, std::ostream& out, std::ostream& err);
};

const Command kCommands[] = {
    {kPlanText, Loads::inputs, bind_plan, check_plan, run_plan},
    {kVerifyText, Loads::inputs, bind_verify, check_verify, run_verify},
    {kDiffText, Loads::snapshots, bind_diff, no_checks, run_diff},
    {kExplainText, Loads::inputs, bind_explain, no_checks, run_explain},
    {kLintText, Loads::definitions, bind_lint, no_checks, run_lint},
    {kCheckAdminsText, Loads::inputs_rules_if_given, bind_check_admins, no_checks, run_check_admins},
    {kSuggestText, Loads::inputs_or_pairs, bind_suggest, check_suggest, run_suggest},
};

const Command* find_command(std::string_view name) {
  for (const auto& c : kCommands)
    if (c.text.name == name) return &c;
  return nullptr;
}

std::vector<std::string> command_names() {
  std::vector<std::string> names;
  for (const auto& c : kCommands) names.emplace_back(c.text.name);
  return names;
}

std::vector<const CommandText*> command_texts() {
  std::vector<const CommandText*> texts;
  for (const auto& c : kCommands) texts.push_back(&c.text);
  return texts;
}

// "rolemig: error: <message>" and the command's usage line (every command's
// when there is none); exit status 2.
int usage_error(std::ostream& err, const std::string& message, const Command* cmd) {
  err << "rolemig: error: " << printable(message) << "\n";
  for (const auto& c : kCommands)
    if (!cmd || &c == cmd) err << c.text.usage << "\n";
  return 2;
}

// The message when the first argument names no command.
std::string not_a_command(const std::vector<std::string>& args) {
  const std::string commands = "a command (" + join(command_names(), ", ") + ")";
  if (args.empty()) return fmt::format("expected {}, found none", commands);
  const std::string& first = args[0];
  return fmt::format("expected {}, found {}{}", commands, quote(first), did_you_mean(first, command_names()));
}

// Parses the arguments after the command's name into `c` (bound to `app`).
// Returns an exit status when --help or --version answered instead; throws
// UsageError.
std::optional<int> parse_command_line(const Command& cmd, CLI::App& app, const std::vector<std::string>& rest, CommandLine& c, std::ostream& out) {
  switch (check_arguments(app, rest)) {
    case Early::help: out << command_help(cmd.text); return 0;
    case Early::version: out << version_line(); return 0;
    case Early::none: break;
  }
  try {
    std::vector<std::string> reversed(rest.rbegin(), rest.rend());
    app.parse(reversed);
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());  // check_arguments lets nothing through that gets here
  }
  c.options.format = parse_format(c.format);
  cmd.check(c);
  if (cmd.loads == Loads::inputs_rules_if_given) c.options.inputs.rules_needed = RulesNeeded::only_if_given;
  return std::nullopt;
}

// The one catch site: what a command throws becomes a message and exit status 2.
int run_reporting_errors(const Command& cmd, const Options& o, std::ostream& out, std::ostream& err) {
  try {
    return cmd.run(o, out, err);
  } catch (const InputError& e) {
    for (const Diagnostic& d : e.diagnostics()) err << render(d);
    return 2;
  } catch (const InternalError& e) {
    err << "rolemig: internal error: " << printable(e.what()) << " (nothing was written; please report this)\n";
    return 2;
  } catch (const std::exception& e) {
    err << "rolemig: error: " << printable(e.what()) << "\n";
    return 2;
  }
}

int run_command(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  const std::string first = args.empty() ? std::string() : args[0];
  if (first == "--help" || first == "-h") {
    out << main_help(command_texts());
    return 0;
  }
  if (first == "--version") {
    out << version_line();
    return 0;
  }
  const Command* cmd = find_command(first);
  if (!cmd) return usage_error(err, not_a_command(args), nullptr);
  CLI::App app{"", "rolemig " + first};
  CommandLine c;
  cmd->bind(app, c);
  try {
    if (auto status = parse_command_line(*cmd, app, {args.begin() + 1, args.end()}, c, out)) return *status;
  } catch (const UsageError& e) {
    return usage_error(err, e.what(), cmd);
  }
  return run_reporting_errors(*cmd, c.options, out, err);
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  int status = run_command(args, out, err);
  // A report nobody received is a failure (`rolemig plan ... > /dev/full`).
  // The reason is known only when the final flush is what fails.
  bool failed = !out;
  int e = 0;
  if (!failed) {
    errno = 0;
    out.flush();
    failed = !out;
    e = errno;
  }
  if (failed) {
    err << "rolemig: error: cannot write to standard output" << (e ? std::string(": ") + std::strerror(e) : std::string()) << "\n";
    return 2;
  }
  return status;
}

}  // namespace rolemig
