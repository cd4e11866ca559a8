#include "io/current_state_reader.h"

#include <fmt/format.h>
#include <map>
#include <set>

#include "io/graphql_responses.h"
#include "util/file.h"
#include "util/text.h"

namespace rolemig {

namespace {

class CurrentStateReader : GraphqlResponses {
 public:
  CurrentStateReader(std::string_view text, const std::string& file, const AuditFields& f, std::vector<CurrentGroup>& out)
      : GraphqlResponses(text, file), f_(f), out_(out) {
    for (size_t i = 0; i < out_.size(); ++i) {
      by_key_.emplace(key_of(out_[i]), i);
      by_name_.emplace(out_[i].name, i);
    }
  }

  void read() {
    read_responses("a complete audit", [&](const JsonValue& doc) { read_response(doc); });
  }

 private:
  std::string string_at(const JsonValue& obj, const std::string& key, bool required, const char* what) {
    const JsonValue* v = obj.find(key);
    if (!v || v->kind == JsonValue::Kind::null) {
      if (required) bad(obj, fmt::format("expected {} to have '{}', found none", what, key));
      return "";
    }
    if (v->kind != JsonValue::Kind::string && v->kind != JsonValue::Kind::number) {
      bad(*v, fmt::format("expected '{}' to be a string, found {}", key, v->kind_name()));
      return "";
    }
    // A required value left empty would drop its group, grant or member
    // unseen: what the audit shows must be read whole.
    if (required && trim(v->text).empty()) bad(*v, fmt::format("expected {} to have a non-empty '{}', found {}", what, key, quote(v->text)));
    return v->text;
  }

  // One response (an object without errors: read_responses checked).
  void read_response(const JsonValue& doc) {
    const JsonValue* cur = &doc;
    std::string path;
    for (const auto& key : f_.groups) {
      path += path.empty() ? key : "." + key;
      const JsonValue* next = cur->is_object() ? cur->find(key) : nullptr;
      if (!next) return bad(*cur, fmt::format("expected '{}' in the audit response (audit_fields.yaml 'groups'), found none", path));
      cur = next;
    }
    each_node(*cur, "'" + path + "'", [&](const JsonValue& g) { read_group(g); });
  }

  void read_group(const JsonValue& g) {
    if (!g.is_object()) return bad(g, fmt::format("expected a group node object, found {}", g.kind_name()));
    CurrentGroup grp;
    grp.where = SourceLoc{"", g.line, g.col};
    grp.id = string_at(g, f_.group_id, false, "a group");
    grp.name = string_at(g, f_.group_name, true, "a group");
    if (grp.name.empty()) return;
    grp.description = string_at(g, f_.group_description, false, "a group");
    if (const JsonValue* grants = g.find(f_.group_grants); grants && grants->kind != JsonValue::Kind::null) {
      grp.grants_known = true;
      each_node(*grants, "'" + f_.group_grants + "'", [&](const JsonValue& gr) {
        if (!gr.is_object()) return bad(gr, fmt::format("expected a grant object, found {}", gr.kind_name()));
        Diagnostic here = page().at(gr, "");
        CurrentGrant c{string_at(gr, f_.grant_policy, true, "a grant"), string_at(gr, f_.grant_target, true, "a grant"), here.loc,
                       Excerpt{std::move(here.source_line), here.excerpt_col}};
        if (!c.policy.empty() && !c.target.empty()) grp.grants.push_back(std::move(c));
      });
    }
    if (const JsonValue* members = g.find(f_.group_members); members && members->kind != JsonValue::Kind::null) {
      each_node(*members, "'" + f_.group_members + "'", [&](const JsonValue& m) {
        if (!m.is_object()) return bad(m, fmt::format("expected a member object, found {}", m.kind_name()));
        std::string email = string_at(m, f_.member_email, true, "a member");
        if (email.empty()) return;
        if (auto problem = email_problem(trim(email)))
          return bad(*m.find(f_.member_email), fmt::format("expected an email address, found {} ({})", quote(email), *problem));
        grp.members.push_back(CurrentMember{fold_case(trim(email)), string_at(m, f_.member_id, false, "a member")});
      });
    }
    grp.where = page().at(g, "").loc;
    auto [it, fresh] = by_key_.emplace(key_of(grp), out_.size());
    if (fresh) {
      // Two ids with one name: merging them would drop one group's grants,
      // and a plan addresses groups by name.
      if (auto named = by_name_.find(grp.name); named != by_name_.end()) {
        const CurrentGroup& first = out_[named->second];
        Diagnostic d = page().at(g, fmt::format("expected one live group per name, found {} again with {} (the first has {})", quote(grp.name),
                                                id_text(grp), id_text(first)));
        d.note = "first given at " + first.where.str();
        sink_.add(std::move(d));
        by_key_.erase(it);
        return;
      }
      by_name_.emplace(grp.name, out_.size());
      out_.push_back(std::move(grp));
      return;
    }
    // The same group (same id) on another page: its members continue there.
    // A page may leave the grants out, but two pages that disagree on the name
    // or the grants describe two groups: keeping either would hide the other
    // (an impostor name, an Account Administrators grant).
    CurrentGroup& existing = out_[it->second];
    auto disagree = [&](const std::string& what, const std::string& here, const std::string& there) {
      Diagnostic d = page().at(g, fmt::format("expected every page to give the live group {} the same {}, found {} (the first page has {})",
                                              existing.id.empty() ? quote(existing.name) : "with id " + quote(existing.id), what, here, there));
      d.note = "first given at " + existing.where.str();
      sink_.add(std::move(d));
    };
    if (grp.name != existing.name) return disagree("name", quote(grp.name), quote(existing.name));
    if (existing.grants_known && grp.grants_known && grant_set(existing) != grant_set(grp)) {
      return disagree("grants", grants_text(grp), grants_text(existing));
    }
    existing.members.insert(existing.members.end(), grp.members.begin(), grp.members.end());
    if (!existing.grants_known && grp.grants_known) {
      existing.grants_known = true;
      existing.grants = std::move(grp.grants);
    }
  }

  static std::set<std::pair<std::string, std::string>> grant_set(const CurrentGroup& g) {
    std::set<std::pair<std::string, std::string>> out;
    for (const auto& gr : g.grants) out.emplace(gr.policy, gr.target);
    return out;
  }
  static std::string grants_text(const CurrentGroup& g) {
    std::vector<std::string> parts;
    for (const auto& [policy, target] : grant_set(g)) parts.push_back(fmt::format("{} at {}", policy, target));
    return parts.empty() ? "none" : join(parts, ", ");
  }

  // Live groups are identified by id; a group without one, by its name.
  static std::string key_of(const CurrentGroup& g) { return g.id.empty() ? "name:" + g.name : "id:" + g.id; }
  static std::string id_text(const CurrentGroup& g) { return g.id.empty() ? "no id" : "id " + quote(g.id); }

  const AuditFields& f_;
  std::vector<CurrentGroup>& out_;
  std::map<std::string, size_t> by_key_, by_name_;
};

}  // namespace

std::vector<CurrentGroup> read_current_state(std::string_view text, const std::string& file, const AuditFields& fields) {
  std::vector<CurrentGroup> out;
  CurrentStateReader(text, file, fields, out).read();
  return out;
}

void read_current_state(std::string_view text, const std::string& file, const AuditFields& fields, std::vector<CurrentGroup>& out) {
  CurrentStateReader(text, file, fields, out).read();
}

}  // namespace rolemig
