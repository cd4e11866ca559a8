#include "render/plan_markdown_writer.h"

#include <algorithm>
#include <fmt/format.h>

#include <set>

#include "render/plan_view.h"
#include "util/text.h"

namespace rolemig {

std::string md_escape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    unsigned char u = static_cast<unsigned char>(c);
    // Control characters (ESC, BEL, the C1 controls) mean nothing in
    // Markdown but would drive a terminal that shows the file (`cat plan.md`):
    // escaped as on the terminal.
    if ((u < 0x20 && c != '\n' && c != '\r') || u == 0x7f || (u == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xa0)) {
      size_t n = u == 0xc2 ? 2 : 1;
      out += printable(s.substr(i, n));
      i += n - 1;
      continue;
    }
    switch (c) {
      case '\n':
      case '\r': out += ' '; break;
      case '|': out += "\\|"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '#':
      case '!':
        out += '\\';
        out += c;
        break;
      default: out += c;
    }
  }
  return out;
}

std::string md_code(std::string_view s) {
  // A code span shows its text literally and ends at the first backtick run
  // as long as its fence: fence with one backtick more than the longest run
  // inside, padded with spaces when the text starts or ends with one
  // (CommonMark 6.1). Control characters (a line break would end the list
  // item, ESC would reach a terminal that shows the file) are escaped as on
  // the terminal.
  std::string text = printable(s);
  size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  std::string fence(longest + 1, '`');
  bool pad = !text.empty() && (text.front() == '`' || text.back() == '`');
  return fence + (pad ? " " : "") + text + (pad ? " " : "") + fence;
}

namespace {

// "none", or the escaped texts joined by `sep`.
std::string md_list(const std::vector<std::string>& texts, std::string_view sep = ", ") {
  if (texts.empty()) return "none";
  std::vector<std::string> escaped;
  escaped.reserve(texts.size());
  for (const auto& t : texts) escaped.push_back(md_escape(t));
  return join(escaped, sep);
}

// plan.md stays readable at any size: past these sizes a section summarises
// and points to plan.json and the access CSVs, which list everything.
constexpr size_t kDetailedGroups = 200;  // groups with a section each; past it, a table row each
constexpr size_t kListedMembers = 2000;  // member emails across all groups; past it, counts
constexpr size_t kUserRows = 1000;       // rows of the Users table; past it, a row per target
constexpr size_t kDifferenceRows = 100;  // rows of the per-user difference tables and of Waived
constexpr size_t kListed = 100;          // emails in one admin check list, lines of Unverified users

void write_summary(const Plan& p, std::ostream& out) {
  const Summary& s = p.summary;
  out << "## Summary\n\n| | |\n|---|---:|\n";
  for (const SummaryField& f : summary_fields()) out << fmt::format("| {} | {} |\n", f.label, s.*f.count);
}

void write_inputs(const Plan& p, std::ostream& out) {
  out << "\n## Inputs\n\n| kind | path | sha256 |\n|---|---|---|\n";
  for (const auto& in : p.inputs) out << fmt::format("| {} | {} | `{}` |\n", in.kind, md_escape(in.path), in.sha256);
}

// The grants of a group: "P on T; P2 on T2", or "none".
std::string md_grants(const Plan& p, const Group& g) {
  std::vector<std::string> grants;
  for (const Grant& gr : g.grants) grants.push_back(grant_text(p, gr));
  return md_list(grants, "; ");
}

// A section per group; member emails only while every group's lists hold
// kListedMembers emails in all, else their counts.
void write_group(const Plan& p, const Group& g, bool list_members, std::ostream& out) {
  out << fmt::format("\n### {} ({})\n\n", md_escape(g.name), group_action_name(g.action));
  out << fmt::format("- key: {}\n", md_code(g.key));
  if (!g.description.empty()) out << fmt::format("- description: {}\n", md_escape(g.description));
  out << fmt::format("- grants: {}\n", md_grants(p, g));
  out << fmt::format("- rules: {}\n", md_list(g.rules));
  for (const MemberList& l : member_lists(p, g)) {
    // "- members (N): a, b"; "- to add: a" (the members' count only).
    const bool members = l.users == &g.members;
    const std::string count = members ? fmt::format(" ({})", l.users->size()) : "";
    const std::string list = list_members ? md_list(emails(p, *l.users)) : members ? "listed in plan.json" : fmt::format("{}", l.users->size());
    out << fmt::format("- {}{}: {}\n", l.label, count, list);
  }
}

void write_groups(const Plan& p, std::ostream& out) {
  const auto& groups = p.mapping.groups;
  out << "\n## Groups\n";
  size_t listed = 0;
  for (const Group& g : groups) listed += g.members.size() + (p.mapping.has_current ? g.to_add.size() + g.unplanned.size() + g.to_remove.size() : 0);
  if (groups.size() <= kDetailedGroups) {
    if (listed > kListedMembers)
      out << fmt::format("\nMember lists are left out above {} emails (this plan has {}): plan.json lists every group's members.\n", kListedMembers,
                         listed);
    for (const Group& g : groups) write_group(p, g, listed <= kListedMembers, out);
  } else {
    const bool current = p.mapping.has_current;
    out << fmt::format(
        "\nA row per kind of group above {} groups (this plan has {}): the groups of one definition (its name template), derived groups "
        "granting the same policies by the same rules, or a group alone; plan.json lists every group and its members.\n\n"
        "| group | groups | to create | grants | rules | members |{}\n|---|---:|---:|---|---|---:|{}\n",
        kDetailedGroups, groups.size(), current ? " to add | live members the rules do not put here | to remove |" : "",
        current ? "---:|---:|---:|" : "");
    for (const GroupShape& sh : group_shapes(p)) {
      out << fmt::format("| {} | {} | {} | {} | {} | {} |", md_escape(sh.name), sh.groups.size(), sh.to_create, md_list(sh.grants, "; "),
                         md_list(sh.rules), sh.members);
      if (current) out << fmt::format(" {} | {} | {} |", sh.to_add, sh.unplanned, sh.to_remove);
      out << "\n";
    }
  }
  if (p.mapping.manual_steps.empty()) return;
  out << "\n## Manual steps\n\n";
  for (const auto& st : p.mapping.manual_steps) out << fmt::format("- {}: {}\n", md_escape(st.group), md_escape(st.reason));
}

// One row per target of the user's (user_targets): the assignment there if
// any, the groups granting there, and that target's verdict. Past
// kUserRows rows, one row per target with how many users have each verdict
// there.
void write_users(const Plan& p, std::ostream& out) {
  const Account& acc = p.account;
  const VerdictsByTarget by_target = verdicts_by_target(p);
  out << "\n## Users\n\n";
  if (by_target.rows > kUserRows) {
    out << fmt::format(
        "The table of every user's rows is left out above {} rows (this plan has {}): each user's groups and verdict are in plan.json, and "
        "`rolemig explain --user EMAIL` shows one user. Users per target and their verdict there:\n\n"
        "| target | users | equal | gains | losses | gains and losses | unverified |\n|---|---:|---:|---:|---:|---:|---:|\n",
        kUserRows, by_target.rows);
    for (const TargetVerdicts& t : by_target.targets) {
      out << fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", md_escape(acc.target_name(t.target)), t.users, t.equal, t.gains, t.losses,
                         t.gains_and_losses, t.unverified);
    }
  } else {
    out << "Each row is one store of the user's (or the account), with the groups that grant there and the verdict there.\n\n"
           "| user | target | role | extra checkboxes | status | groups there | verdict there |\n|---|---|---|---|---|---|---|\n";
    for (const auto& v : p.verification.users) {
      const std::string email = md_escape(acc.users[v.user].email);
      auto [b, e] = acc.assignments_of(v.user);
      for (Target t : user_targets(p, v)) {
        std::string role, extras, status;
        for (size_t i = b; i < e; ++i) {
          const Assignment& a = acc.assignments[i];
          if (t.is_account() || a.store != t.store_idx()) continue;
          role = a.role ? md_escape(p.catalog.roles[*a.role].name) + (a.role_inferred ? " (inferred)" : "") : "";
          extras = md_escape(join(p.catalog.names(a.extras), ", "));
          status = std::string(status_name(a.status));
        }
        std::vector<std::string> groups = groups_at(p, v.user, t);
        for (auto& g : groups) g = md_escape(g);
        out << fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", email, md_escape(acc.target_name(t)), role, extras, status, join(groups, ", "),
                           user_status_name(verdict_at(v, t)));
      }
    }
  }
  if (auto lines = unverified_lines(p); !lines.empty()) {
    out << "\n## Unverified users\n\n";
    const size_t shown = std::min(lines.size(), kListed);
    for (size_t i = 0; i < shown; ++i) out << "- " << md_escape(lines[i]) << "\n";
    if (shown < lines.size()) out << fmt::format("- ... and {} more: see plan.json\n", lines.size() - shown);
  }
}

// One user's table rows: unwaived ones into `table`, waived ones (with the
// user and the waiver) into `waived`.
void difference_rows(const Plan& p, const UserVerdict& v, std::string& table, std::string& waived) {
  const Account& acc = p.account;
  auto add_rows = [&](const std::vector<Difference>& ds, Direction change) {
    for (const auto& d : ds) {
      std::string line = fmt::format("| {} | {} | {} | {} |", change == Direction::gained ? "gained" : "lost", md_escape(acc.target_name(d.target)),
                                     md_escape(p.catalog.permissions[d.perm].id), md_escape(provenance(p, d, change)));
      if (!d.waiver) {
        table += line + "\n";
        continue;
      }
      const Waiver& w = p.rules.waivers[*d.waiver];
      waived +=
          fmt::format("| {} {} waived by {}: {} |\n", md_escape(acc.users[v.user].email), line, md_escape(w.where.file_line()), md_escape(w.reason));
    }
  };
  add_rows(v.gained, Direction::gained);
  add_rows(v.lost, Direction::lost);
}

// The waived differences: a row each up to kDifferenceRows, else a row per
// waiver with how many users and differences it accepts.
void write_waived(const Plan& p, size_t rows, std::ostream& out) {
  out << "### Waived\n\n";
  if (rows <= kDifferenceRows) {
    out << "| user | change | target | permission | why | waiver |\n|---|---|---|---|---|---|\n";
    for (const auto& v : p.verification.users) {
      std::string table, waived;
      difference_rows(p, v, table, waived);
      out << waived;
    }
    out << "\n";
    return;
  }
  std::vector<size_t> users(p.rules.waivers.size()), differences(p.rules.waivers.size());
  for (const auto& v : p.verification.users) {
    std::set<size_t> mine;
    for (const auto* ds : {&v.gained, &v.lost})
      for (const Difference& d : *ds)
        if (d.waiver) {
          ++differences[*d.waiver];
          mine.insert(*d.waiver);
        }
    for (size_t w : mine) ++users[w];
  }
  out << fmt::format("A row per waiver above {} waived differences (this plan has {}); plan.json lists each one.\n\n", kDifferenceRows, rows)
      << "| waiver | reason | users | differences |\n|---|---|---:|---:|\n";
  for (size_t w = 0; w < p.rules.waivers.size(); ++w) {
    if (differences[w] == 0) continue;
    const Waiver& wv = p.rules.waivers[w];
    out << fmt::format("| {} | {} | {} | {} |\n", md_escape(wv.where.file_line()), md_escape(wv.reason), users[w], differences[w]);
  }
  out << "\n";
}

void write_differences(const Plan& p, std::ostream& out) {
  out << "\n## Differences\n\n";
  bool any = false;
  if (auto causes = cause_lines(p); !causes.empty()) {
    any = true;
    out << "### By cause\n\nOne line per cause, most users first; " << md_escape(kEveryUsersDifferences) << ".\n\n";
    for (const auto& l : causes) out << "- " << md_escape(l) << "\n";
    out << "\n";
  }
  size_t rows = 0, waived = 0;
  for (const auto& v : p.verification.users)
    for (const auto* ds : {&v.gained, &v.lost})
      for (const Difference& d : *ds) ++(d.waiver ? waived : rows);
  if (rows > kDifferenceRows) {
    out << fmt::format("Per-user tables are left out above {} differences (this plan has {}): see plan.json and the access CSVs.\n\n",
                       kDifferenceRows, rows);
  } else {
    for (const auto& v : p.verification.users) {
      if (v.gained.empty() && v.lost.empty()) continue;
      std::string table, ignored;
      difference_rows(p, v, table, ignored);
      if (table.empty()) continue;
      out << fmt::format("### {} ({})\n\n| change | target | permission | why |\n|---|---|---|---|\n{}\n", md_escape(p.account.users[v.user].email),
                         user_status_name(v.status), table);
    }
  }
  if (!any) out << no_differences_text(p) << "\n\n";
  if (waived) write_waived(p, waived, out);
  if (p.verification.unmatched_waivers.empty()) return;
  out << "### Unmatched waivers\n\n";
  for (const auto& l : unmatched_waiver_lines(p)) out << "- " << md_escape(l) << "\n";
  out << "\n";
}

// Each list of the check (plan_view's admin_lists): inline emails, or with
// reasons a bullet each; kListed entries at most.
void write_admins(const Plan& p, std::ostream& out) {
  const AdminCheck& a = p.admins;
  out << fmt::format("## {} check: {}\n\n", md_escape(a.group), a.pass ? "pass" : "**fail**");
  for (const AdminList& l : admin_lists(p)) {
    const size_t shown = std::min(l.entries.size(), kListed), more = l.entries.size() - shown;
    if (!l.has_reasons) {
      std::vector<std::string> first(l.entries.begin(), l.entries.begin() + static_cast<std::ptrdiff_t>(shown));
      out << fmt::format("- {}: {}{}\n", l.label, md_list(first), more ? fmt::format(" and {} more (plan.json lists every one)", more) : "");
      continue;
    }
    out << fmt::format("- {}:{}\n", l.label, l.entries.empty() ? " none" : "");
    for (size_t i = 0; i < shown; ++i) out << fmt::format("  - {} ({})\n", md_escape(l.entries[i]), md_escape(l.reasons[i]));
    if (more) out << fmt::format("  - ... and {} more: see plan.json\n", more);
  }
  out << fmt::format("- {}: {}\n", kActiveMembersLabel, a.active_members);
}

}  // namespace

void write_plan_markdown(const Plan& p, std::ostream& out) {
  // The summary line comes first (SPEC 4), so `head -1 plan.md` answers.
  out << md_escape(summary_line(p)) << "\n\n# Migration plan\n\n";
  write_summary(p, out);
  write_inputs(p, out);
  write_groups(p, out);
  write_users(p, out);
  write_differences(p, out);
  write_admins(p, out);
}

}  // namespace rolemig
