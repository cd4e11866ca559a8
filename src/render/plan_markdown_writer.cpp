#include "render/plan_markdown_writer.h"

#include <algorithm>
#include <fmt/format.h>

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
    if ((u < 0x20 && c != '\n' && c != '\r') || u == 0x7f ||
        (u == 0xc2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xa0)) {
      size_t n = u == 0xc2 ? 2 : 1;
      out += printable(s.substr(i, n));
      i += n - 1;
      continue;
    }
    switch (c) {
      case '\n': case '\r': out += ' '; break;
      case '|': out += "\\|"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\\': case '`': case '*': case '_': case '[': case ']': case '#': case '!':
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

static std::string duration(size_t minutes) {
  if (minutes < 60) return fmt::format("{} min", minutes);
  return fmt::format("{} h {} min", minutes / 60, minutes % 60);
}

std::string summary_line(const Plan& p) {
  const Summary& s = p.summary;
  return fmt::format(
      "Plan: {} groups to create, {} memberships to add; {} users verified equal, {} gaining, {} losing, {} unverified, {} waived differences; "
      "Account Administrators check: {}; {} requests (about {} at {} an hour).",
      s.groups_to_create, s.memberships, s.users_equal, s.users_gaining, s.users_losing, s.users_unverified, s.waived,
      p.admins.pass ? "pass" : "fail",
      s.requests, duration(s.estimated_minutes), kRequestsPerHour);
}

namespace {

std::string gain_provenance(const Plan& p, const Difference& d) {
  std::vector<std::string> parts;
  for (const auto& g : d.granted_by) {
    std::string policy = g.policy ? p.catalog.policies[*g.policy].name : p.catalog.admins.name;
    for (uint32_t r : g.rules) {
      parts.push_back(fmt::format("rule '{}' → group '{}' → policy '{}'", p.mapping.rule_names[r], p.mapping.groups[g.group].name, policy));
    }
  }
  return join(parts, "; ");
}

std::string loss_provenance(const Plan& p, const Difference& d) {
  std::vector<std::string> parts;
  for (const auto& s : d.from) {
    const Assignment& a = p.account.assignments[s.assignment];
    parts.push_back(s.via_role ? fmt::format("role '{}'{} at {}", p.catalog.roles[*a.role].name, a.role_inferred ? " (inferred)" : "",
                                             s.where.file_line())
                               : fmt::format("checkbox at {}", s.where.file_line()));
  }
  return join(parts, "; ");
}

}  // namespace

std::vector<std::string> unverified_lines(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& v : p.verification.users) {
    if (v.unknown_grants.empty()) continue;
    std::vector<std::string> groups;
    for (uint32_t g : v.unknown_grants) groups.push_back("'" + p.mapping.groups[g].name + "'");
    out.push_back(fmt::format("{}: unverified: member of {}, whose grants the audit does not show", p.account.users[v.user].email,
                              join(groups, ", ")));
  }
  return out;
}

std::vector<std::string> difference_lines(const Plan& p) {
  // One line per (user, change, target, provenance), listing its permissions.
  std::vector<std::string> out;
  for (const auto& v : p.verification.users) {
    const std::string& email = p.account.users[v.user].email;
    auto lines = [&](const std::vector<Difference>& ds, bool gain) {
      std::vector<std::pair<std::string, std::vector<std::string>>> groups;  // (head, permissions), first-seen order
      for (const auto& d : ds) {
        if (d.waiver) continue;
        std::string head = gain ? fmt::format("{}: gains on {} ({}):", email, p.account.target_name(d.target), gain_provenance(p, d))
                                : fmt::format("{}: loses on {} (from {}):", email, p.account.target_name(d.target), loss_provenance(p, d));
        auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == head; });
        if (it == groups.end()) it = groups.insert(groups.end(), {head, {}});
        it->second.push_back(p.catalog.permissions[d.perm].id);
      }
      for (const auto& [head, perms] : groups) out.push_back(head + " " + join(perms, ", "));
    };
    lines(v.gained, true);
    lines(v.lost, false);
  }
  return out;
}

std::string render_plan_markdown(const Plan& p) {
  const Account& acc = p.account;
  const Summary& s = p.summary;
  // The summary line comes first (SPEC 4), so `head -1 plan.md` answers.
  std::string out = md_escape(summary_line(p)) + "\n\n# Migration plan\n\n";

  out += "## Summary\n\n| | |\n|---|---:|\n";
  const std::pair<const char*, size_t> rows[] = {
      {"users", s.users}, {"assignments", s.assignments}, {"duplicate rows merged", s.duplicate_rows}, {"stores", s.stores},
      {"groups", s.groups}, {"groups to create", s.groups_to_create}, {"memberships to add", s.memberships},
      {"users equal", s.users_equal}, {"users gaining", s.users_gaining}, {"users losing", s.users_losing},
      {"users unverified", s.users_unverified},
      {"waived differences", s.waived}, {"requests", s.requests}, {"memberships to remove", s.memberships_to_remove},
      {"estimated minutes at 70 requests an hour", s.estimated_minutes}};
  for (const auto& [k, v] : rows) out += fmt::format("| {} | {} |\n", k, v);

  out += "\n## Inputs\n\n| kind | path | sha256 |\n|---|---|---|\n";
  for (const auto& in : p.inputs) out += fmt::format("| {} | {} | `{}` |\n", in.kind, md_escape(in.path), in.sha256);

  out += "\n## Groups\n";
  for (const Group& g : p.mapping.groups) {
    out += fmt::format("\n### {} ({})\n\n", md_escape(g.name), g.action == GroupAction::create ? "create" : "exists");
    out += fmt::format("- key: {}\n", md_code(g.key));
    if (!g.description.empty()) out += fmt::format("- description: {}\n", md_escape(g.description));
    std::vector<std::string> grants;
    for (const Grant& gr : g.grants) {
      grants.push_back(fmt::format("{} on {}", md_escape(gr.policy ? p.catalog.policies[*gr.policy].name : p.catalog.admins.name),
                                   md_escape(acc.target_name(gr.target))));
    }
    out += fmt::format("- grants: {}\n", grants.empty() ? "none" : join(grants, "; "));
    std::vector<std::string> rules;
    for (const auto& r : g.rules) rules.push_back(md_escape(r));
    out += fmt::format("- rules: {}\n", rules.empty() ? "none" : join(rules, ", "));
    std::vector<std::string> members;
    for (UserIdx u : g.members) members.push_back(md_escape(acc.users[u].email));
    out += fmt::format("- members ({}): {}\n", members.size(), members.empty() ? "none" : join(members, ", "));
    if (p.mapping.has_current) {
      auto list = [&](const std::vector<UserIdx>& us) {
        std::vector<std::string> e;
        for (UserIdx u : us) e.push_back(md_escape(acc.users[u].email));
        return e.empty() ? std::string("none") : join(e, ", ");
      };
      out += fmt::format("- to add: {}\n- live members the rules do not put here: {}\n- to remove: {}\n", list(g.to_add), list(g.unplanned),
                         list(g.to_remove));
    }
  }
  if (!p.mapping.manual_steps.empty()) {
    out += "\n## Manual steps\n\n";
    for (const auto& st : p.mapping.manual_steps) out += fmt::format("- {}: {}\n", md_escape(st.group), md_escape(st.reason));
  }

  out += "\n## Users\n\n| user | store | role | extra checkboxes | status | verdict |\n|---|---|---|---|---|---|\n";
  for (const auto& v : p.verification.users) {
    auto [b, e] = acc.assignments_of(v.user);
    if (b == e) {
      out += fmt::format("| {} | | | | | {} |\n", md_escape(acc.users[v.user].email), user_status_name(v.status));
    }
    for (size_t i = b; i < e; ++i) {
      const Assignment& a = acc.assignments[i];
      std::string role = a.role ? md_escape(p.catalog.roles[*a.role].name) + (a.role_inferred ? " (inferred)" : "") : "";
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", md_escape(acc.users[v.user].email), md_escape(acc.stores[a.store].id), role,
                         md_escape(join(p.catalog.names(a.extras), ", ")), status_name(a.status), user_status_name(v.status));
    }
  }

  if (auto lines = unverified_lines(p); !lines.empty()) {
    out += "\n## Unverified users\n\n";
    for (const auto& l : lines) out += "- " + md_escape(l) + "\n";
  }

  out += "\n## Differences\n\n";
  bool any = false;
  std::string waived;
  for (const auto& v : p.verification.users) {
    if (v.gained.empty() && v.lost.empty()) continue;
    std::string table;
    auto add_rows = [&](const std::vector<Difference>& ds, bool gain) {
      for (const auto& d : ds) {
        std::string line = fmt::format("| {} | {} | {} | {} |", gain ? "gained" : "lost", md_escape(acc.target_name(d.target)),
                                       md_escape(p.catalog.permissions[d.perm].id),
                                       md_escape(gain ? gain_provenance(p, d) : loss_provenance(p, d)));
        if (!d.waiver) {
          table += line + "\n";
          continue;
        }
        const Waiver& w = p.rules.waivers[*d.waiver];
        waived += fmt::format("| {} {} waived by {}: {} |\n", md_escape(acc.users[v.user].email), line, md_escape(w.where.file_line()),
                              md_escape(w.reason));
      }
    };
    add_rows(v.gained, true);
    add_rows(v.lost, false);
    if (table.empty()) continue;
    any = true;
    out += fmt::format("### {} ({})\n\n| change | target | permission | why |\n|---|---|---|---|\n{}\n", md_escape(acc.users[v.user].email),
                       user_status_name(v.status), table);
  }
  if (!any) out += s.users_unverified ? "None known (unverified users aside).\n\n" : "None: every user's access is equal before and after.\n\n";
  if (!waived.empty()) {
    out += "### Waived\n\n| user | change | target | permission | why | waiver |\n|---|---|---|---|---|---|\n" + waived + "\n";
  }
  if (!p.verification.unmatched_waivers.empty()) {
    out += "### Unmatched waivers\n\n";
    for (size_t w : p.verification.unmatched_waivers) {
      out += fmt::format("- {}: {}\n", md_escape(p.rules.waivers[w].where.file_line()), md_escape(p.rules.waivers[w].reason));
    }
    out += "\n";
  }

  const AdminCheck& a = p.admins;
  out += fmt::format("## {} check: {}\n\n", md_escape(a.group), a.pass ? "pass" : "**fail**");
  auto list = [&](const std::vector<UserIdx>& users) {
    std::vector<std::string> e;
    for (UserIdx u : users) e.push_back(md_escape(acc.users[u].email));
    return e.empty() ? std::string("none") : join(e, ", ");
  };
  // "none", or one bullet per entry with its reason.
  auto bullets = [&](const char* title, const auto& entries, auto name_of) {
    out += fmt::format("- {}:", title);
    if (entries.empty()) out += " none\n";
    else {
      out += "\n";
      for (const auto& e : entries) out += fmt::format("  - {} ({})\n", md_escape(name_of(e)), md_escape(e.reason));
    }
  };
  auto user_name = [&](const AdminRequirement& r) { return acc.users[r.user].email; };
  auto group_name = [](const AdminImpostor& i) { return i.group; };
  bullets("required", a.required, user_name);
  out += fmt::format("- planned: {}\n- missing (would lose account-level access): {}\n- unexpected (would gain account-level access): {}\n"
                     "- removed: {}\n",
                     list(a.planned), list(a.missing), list(a.unexpected), list(a.removed));
  bullets("over-granted (fewer legacy account permissions than the group grants)", a.over_granted, user_name);
  bullets("impostors (other groups that pass for it)", a.impostors, group_name);
  bullets("unverified groups (live groups whose grants the audit does not show)", a.unverified_groups, group_name);
  out += fmt::format("- active members after the plan: {}\n", a.active_members);
  return out;
}

}  // namespace rolemig
