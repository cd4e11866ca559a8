#include "cli/cli.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "plan/access_csv.h"
#include "plan/expected_state_writer.h"
#include "plan/pipeline.h"
#include "plan/plan_json_reader.h"
#include "plan/plan_json_writer.h"
#include "plan/plan_markdown_writer.h"
#include "io/catalog_loader.h"
#include "util/file.h"
#include "util/text.h"
#include "verify/access_diff.h"

namespace rolemig {

namespace {

enum class Format { text, json };

struct PlanOptions {
  InputOptions inputs;
  PlanSettings settings;
  std::string out;
  Format format = Format::text;
  bool quiet = false;
};

struct VerifyOptions {
  InputOptions inputs;
  std::optional<std::string> plan;
  Format format = Format::text;
  bool quiet = false;
};

struct CheckAdminsOptions {
  InputOptions inputs;
  Format format = Format::text;
};

struct DiffOptions {
  std::string before, after;
  std::optional<std::string> catalog;
  Format format = Format::text;
};

const char* const kUsage[] = {
    "usage: rolemig plan --users FILE [--users FILE ...] [--stores FILE] [--roles FILE] [--rules FILE] [--catalog DIR] "
    "[--current FILE ...] [--prune] --out DIR [--format text|json] [--quiet]",
    "usage: rolemig verify (--plan DIR/plan.json | --current AUDIT.json) --users FILE [...] [--stores FILE] [--roles FILE] "
    "[--rules FILE] [--catalog DIR] [--format text|json] [--quiet]",
    "usage: rolemig diff BEFORE AFTER [--catalog DIR] [--format text|json]",
    "usage: rolemig check-admins --current AUDIT.json --users FILE [...] [--stores FILE] [--roles FILE] [--catalog DIR] "
    "[--format text|json]",
};

void add_input_options(CLI::App* cmd, InputOptions& in) {
  cmd->add_option("--users", in.users, "Users export: CSV or Account API JSON (repeatable)")->required()->type_name("FILE");
  cmd->add_option("--stores", in.stores, "Stores CSV: store_id,name[,region]")->type_name("FILE");
  cmd->add_option("--roles", in.roles, "Custom roles YAML")->type_name("FILE");
  cmd->add_option("--rules", in.rules, "Rules YAML (default: the catalog's rules.yaml)")->type_name("FILE");
  cmd->add_option("--catalog", in.catalog, "Catalog directory (default: the shipped mappings/)")->type_name("DIR");
}

void add_format_options(CLI::App* cmd, Format& format, bool* quiet) {
  cmd->add_option("--format", format, "Output on stdout: text or json")
      ->transform(CLI::CheckedTransformer(std::map<std::string, Format>{{"text", Format::text}, {"json", Format::json}}))
      ->type_name("text|json");
  if (quiet) cmd->add_flag("--quiet", *quiet, "Print nothing on success but errors");
}

class Progress {
 public:
  Progress(std::ostream& err, bool quiet) : err_(err), on_(!quiet && ::isatty(STDERR_FILENO)) {}
  void operator()(std::string_view what) const {
    if (on_) err_ << "rolemig: " << what << "...\n";
  }

 private:
  std::ostream& err_;
  bool on_;
};

void print_warnings(const Plan& p, std::ostream& err) {
  for (const auto& w : p.account.warnings) {
    std::string r = render(w);
    auto pos = r.find(": error: ");
    if (pos != std::string::npos) r.replace(pos, 9, ": warning: ");
    err << r;
  }
}

void print_report(const Plan& p, std::ostream& out, const std::string& verb) {
  out << summary_line(p) << "\n";
  for (const auto& l : unverified_lines(p)) out << printable(l) << "\n";
  auto lines = difference_lines(p);
  if (!lines.empty()) {
    out << "Differences:\n";
    for (const auto& l : lines) out << "  " << printable(l) << "\n";
  }
  const AdminCheck& a = p.admins;
  if (!a.pass) {
    auto emails = [&](const std::vector<UserIdx>& v) {
      std::vector<std::string> e;
      for (UserIdx u : v) e.push_back(printable(p.account.users[u].email));
      return e.empty() ? std::string("none") : join(e, ", ");
    };
    std::vector<UserIdx> over;
    for (const auto& r : a.over_granted) over.push_back(r.user);
    std::vector<std::string> impostors;
    for (const auto& i : a.impostors) impostors.push_back(quote(i.group));
    out << fmt::format("{} check failed: missing {}; unexpected {}; removed {}; over-granted {}; impostors {}; active members {}\n", a.group,
                       emails(a.missing), emails(a.unexpected), emails(a.removed), emails(over),
                       impostors.empty() ? std::string("none") : join(impostors, ", "), a.active_members);
  }
  if (!p.verification.unmatched_waivers.empty()) {
    for (size_t w : p.verification.unmatched_waivers)
      out << fmt::format("Unmatched waiver at {}: {}\n", p.rules.waivers[w].where.file_line(), p.rules.waivers[w].reason);
  }
  for (const auto& st : p.mapping.manual_steps) out << fmt::format("Manual step for {}: {}\n", printable(st.group), printable(st.reason));
  (void)verb;
}

int run_plan(const PlanOptions& o, std::ostream& out, std::ostream& err) {
  Progress progress(err, o.quiet);
  OutputDir dir(o.out);  // checks --out before any work
  progress("reading inputs");
  Plan p = load_inputs(o.inputs);
  progress("mapping and verifying");
  build_plan(p, o.inputs.catalog.value_or(default_catalog_dir()), o.settings);
  print_warnings(p, err);
  dir.write("plan.json", render_plan_json(p));
  dir.write("plan.md", render_plan_markdown(p));
  dir.write("access_before.csv", render_access_csv(p, p.verification.before));
  dir.write("access_after.csv", render_access_csv(p, p.verification.after));
  dir.write("requests.jsonl", render_requests_jsonl(p));
  dir.write("expected_state.json", render_expected_state(p, load_audit_fields(o.inputs.catalog.value_or(default_catalog_dir()))));
  dir.commit();
  if (o.format == Format::json) {
    out << render_summary_json(p);
  } else if (!o.quiet) {
    print_report(p, out, "plan");
    out << fmt::format("Wrote plan.json, plan.md, access_before.csv, access_after.csv, requests.jsonl, expected_state.json to {}\n", o.out);
  }
  return p.exit_status();
}

int run_verify(const VerifyOptions& o, std::ostream& out, std::ostream& err) {
  Progress progress(err, o.quiet);
  progress("reading inputs");
  Plan p = load_inputs(o.inputs);
  if (o.plan) {
    progress("verifying the plan");
    verify_plan_file(p, *o.plan, o.inputs.catalog.value_or(default_catalog_dir()));
  } else {
    progress("verifying the live account");
    verify_current_state(p);
  }
  print_warnings(p, err);
  if (o.format == Format::json) {
    out << render_plan_json(p);
  } else if (!o.quiet) {
    print_report(p, out, "verify");
  }
  return p.exit_status();
}

// After apply: the live Account Administrators group against the owners and
// account admins of the legacy export.
int run_check_admins(const CheckAdminsOptions& o, std::ostream& out) {
  // Rules play no part in the admin checks (no waiver hides them): only an
  // explicit --rules is read (and must be valid).
  InputOptions inputs = o.inputs;
  inputs.rules_needed = RulesNeeded::only_if_given;
  Plan p = load_inputs(inputs);
  verify_current_state(p);
  const AdminCheck& a = p.admins;
  if (o.format == Format::json) {
    out << render_admins_json(p);
    return a.pass ? 0 : 1;
  }
  auto email = [&](UserIdx u) { return printable(p.account.users[u].email); };
  out << fmt::format("{}: {} ({} members, {} required, {} active)\n", a.group, a.pass ? "pass" : "FAIL", a.planned.size(), a.required.size(),
                     a.active_members);
  for (const auto& r : a.required) {
    bool in = std::binary_search(a.planned.begin(), a.planned.end(), r.user);
    out << fmt::format("  {} {}: {}\n", in ? "ok     " : "MISSING", email(r.user), printable(r.reason));
  }
  for (UserIdx u : a.unexpected) {
    out << fmt::format("  UNEXPECTED {}: a member who holds no account_admin role and not every account permission it grants\n", email(u));
  }
  for (const auto& r : a.over_granted) out << fmt::format("  OVER-GRANTED {}: {}\n", email(r.user), printable(r.reason));
  for (const auto& i : a.impostors) out << fmt::format("  IMPOSTOR {}: {}\n", quote(i.group), printable(i.reason));
  if (a.active_members == 0) out << "  the group has no active member\n";
  for (const auto& st : p.mapping.manual_steps) out << fmt::format("Manual step for {}: {}\n", printable(st.group), printable(st.reason));
  return a.pass ? 0 : 1;
}

AccessSnapshot read_snapshot(const std::string& path, const std::optional<std::string>& catalog_dir) {
  if (std::filesystem::path(path).extension() == ".json") {
    Catalog cat = load_catalog_dir(catalog_dir.value_or(default_catalog_dir()));
    return read_plan_access(path, cat);
  }
  std::istringstream in(read_file(path, kExportLimit));
  return read_access_csv(in, path);
}

int run_diff(const DiffOptions& o, std::ostream& out) {
  AccessSnapshot before = read_snapshot(o.before, o.catalog);
  AccessSnapshot after = read_snapshot(o.after, o.catalog);
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
    out << nlohmann::ordered_json{{"before", o.before}, {"after", o.after}, {"users", users}}.dump(2) << "\n";
  } else {
    for (const auto& d : diffs) {
      out << printable(d.email) << "\n";
      for (const auto& [t, perm] : d.gained) out << "  + " << t << " " << perm << "\n";
      for (const auto& [t, perm] : d.lost) out << "  - " << t << " " << perm << "\n";
    }
    out << fmt::format("{} users differ\n", diffs.size());
  }
  return diffs.empty() ? 0 : 1;
}

// Later stages keep positions, not text: the caret line is read back from a
// regular file, never from a pipe or FIFO (read once, and gone), and only as
// much of the line as the excerpt shows (one line may be a whole export).
void fill_source_line(Diagnostic& d) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(d.loc.file, ec)) return;
  std::ifstream in(d.loc.file, std::ios::binary);
  for (int i = 1; i < d.loc.line && in; ++i) in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  // Far into a line, skip to a little before the column (excerpt_at then
  // sees that the line started earlier).
  const size_t col = d.loc.col > 0 ? static_cast<size_t>(d.loc.col) : 1;
  const size_t skip = col - 1 > 300 ? col - 1 - 250 : 0;
  if (skip > 0) in.ignore(static_cast<std::streamsize>(skip), '\n');
  std::string buf;
  for (int c = in.get(); in && c != '\n' && buf.size() < 500; c = in.get()) buf += static_cast<char>(c);
  if (buf.empty()) return;
  Excerpt e = excerpt_at(buf, col - 1 - skip, d.loc.col);
  d.source_line = std::move(e.text);
  d.excerpt_col = e.first_col;
}

}  // namespace

int run_cli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  CLI::App app{"rolemig: migrate legacy store roles and permission checkboxes to group-based access, and prove nobody gains or loses",
               "rolemig"};
  app.set_version_flag("--version", std::string("rolemig ") + ROLEMIG_VERSION);
  app.require_subcommand(1);
  PlanOptions plan_opts;
  VerifyOptions verify_opts;
  DiffOptions diff_opts;

  CLI::App* plan = app.add_subcommand("plan", "Map legacy access into groups, verify it, and write the plan to --out");
  add_input_options(plan, plan_opts.inputs);
  plan->add_option("--current", plan_opts.inputs.current, "Group-audit responses of the live account (repeatable)")->type_name("FILE");
  plan->add_flag("--prune", plan_opts.settings.prune, "Remove live memberships the plan does not have (never from Account Administrators)");
  plan->add_option("--max-users-per-request", plan_opts.settings.limits.max_users, "Users in one add request (default 50)")
      ->check(CLI::PositiveNumber)->type_name("N");
  plan->add_option("--max-groups-per-request", plan_opts.settings.limits.max_groups, "Groups in one add request (default 10)")
      ->check(CLI::PositiveNumber)->type_name("N");
  plan->add_option("--out", plan_opts.out, "Directory for plan.json, plan.md, access CSVs and requests.jsonl")->required()->type_name("DIR");
  add_format_options(plan, plan_opts.format, &plan_opts.quiet);

  CLI::App* verify = app.add_subcommand("verify", "Re-check a plan.json (perhaps edited) against the legacy inputs");
  auto* plan_opt = verify->add_option("--plan", verify_opts.plan, "The plan.json to check")->type_name("FILE");
  auto* current_opt = verify->add_option("--current", verify_opts.inputs.current, "Or: the live account's group audit")->type_name("FILE");
  plan_opt->excludes(current_opt);
  verify->require_option(1, 0);
  add_input_options(verify, verify_opts.inputs);
  add_format_options(verify, verify_opts.format, &verify_opts.quiet);

  CheckAdminsOptions admins_opts;
  CLI::App* admins = app.add_subcommand("check-admins", "After apply: check the live Account Administrators group against the export");
  admins->add_option("--current", admins_opts.inputs.current, "The live account's group audit")->required()->type_name("FILE");
  add_input_options(admins, admins_opts.inputs);
  add_format_options(admins, admins_opts.format, nullptr);

  CLI::App* diff = app.add_subcommand("diff", "Per-user gains and losses between two access CSVs or two plan.json files");
  diff->add_option("BEFORE", diff_opts.before, "Access CSV or plan.json")->required();
  diff->add_option("AFTER", diff_opts.after, "Access CSV or plan.json")->required();
  diff->add_option("--catalog", diff_opts.catalog, "Catalog for plan.json policies (default: the shipped mappings/)")->type_name("DIR");
  add_format_options(diff, diff_opts.format, nullptr);

  std::vector<std::string> reversed(args.rbegin(), args.rend());
  try {
    app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    CLI::App* shown = &app;
    for (CLI::App* sub : {plan, verify, diff, admins})
      if (sub->parsed()) shown = sub;
    out << shown->help();
    return 0;
  } catch (const CLI::CallForVersion&) {
    out << "rolemig " << ROLEMIG_VERSION << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    err << "rolemig: error: " << e.what() << "\n";
    int which = plan->parsed() ? 0 : verify->parsed() ? 1 : diff->parsed() ? 2 : admins->parsed() ? 3 : -1;
    if (which >= 0) {
      err << kUsage[which] << "\n";
    } else {
      for (const char* u : kUsage) err << u << "\n";
    }
    return 2;
  }

  try {
    if (plan->parsed()) return run_plan(plan_opts, out, err);
    if (verify->parsed()) return run_verify(verify_opts, out, err);
    if (admins->parsed()) return run_check_admins(admins_opts, out);
    return run_diff(diff_opts, out);
  } catch (const InputError& e) {
    for (Diagnostic d : e.diagnostics()) {
      if (d.source_line.empty() && d.loc.line > 0) fill_source_line(d);
      err << render(d);
    }
    return 2;
  } catch (const InternalError& e) {
    err << "rolemig: internal error: " << e.what() << " (nothing was written; please report this)\n";
    return 2;
  } catch (const std::exception& e) {
    err << "rolemig: error: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace rolemig
