#include <fmt/format.h>

#include <optional>
#include <unordered_map>

#include "io/graphql_responses.h"
#include "io/users_reader.h"
#include "util/text.h"

namespace rolemig {

namespace {

class JsonUsersReader : GraphqlResponses {
 public:
  JsonUsersReader(std::string_view text, const std::string& file, const Catalog& cat, AccountBuilder& out)
      : GraphqlResponses(text, file), file_(file), cat_(cat), out_(out), perm_ids_(cat.permission_ids()) {}
  JsonUsersReader(InputReader& in, std::string head, const std::string& file, const Catalog& cat, AccountBuilder& out)
      : GraphqlResponses(in, std::move(head), file), file_(file), cat_(cat), out_(out), perm_ids_(cat.permission_ids()) {}

  void read() {
    size_t responses = read_responses(
        "a complete export", [&](const JsonValue& doc) { read_response(doc); }, [&] { check_last_pages(); });
    if (responses == 0) {
      // No document was read, so the parser still holds the input's start.
      Excerpt e = parser_.excerpt(0, 1);
      throw InputError(Diagnostic{SourceLoc{file_, 1, 1}, "expected at least one response, found none", std::move(e.text), "", e.first_col});
    }
  }

 private:
  // One response (an object without errors: read_responses checked).
  void read_response(const JsonValue& doc) {
    const JsonValue* data = doc.find("data");
    if (!data || !data->is_object()) {
      bad(data ? *data : doc, fmt::format("expected a response with a 'data' object, found {}", data ? data->kind_name() : "none"));
      return;
    }
    const JsonValue* account = data->find("account");
    if (!account || !account->is_object()) {
      bad(account ? *account : *data, fmt::format("expected 'data.account' to be an object, found {}", account ? account->kind_name() : "none"));
      return;
    }
    const JsonValue* stores = account->find("stores");
    if (!stores) {
      bad(*account, "expected 'account.stores', found none");
      return;
    }
    stores_pages_.read(*this, *stores, "of stores");
    each_node(*stores, "'stores'", [&](const JsonValue& s) { read_store(s); });
  }

  // What the pages of one connection (stores, or one store's users) say of
  // their end (Relay pageInfo.hasNextPage). Whole, one page says false, in
  // whichever order the pages come; when every page that says anything says
  // true, the export was cut short, and the users it lacks would silently
  // lose their access. Pages without pageInfo say nothing.
  struct Pages {
    bool last_read = false;         // a page said hasNextPage false
    std::optional<Diagnostic> cut;  // at the last page read that said true

    void read(JsonUsersReader& r, const JsonValue& connection, std::string_view of) {
      const JsonValue* info = connection.is_object() ? connection.find("pageInfo") : nullptr;
      const JsonValue* next = info && info->is_object() ? info->find("hasNextPage") : nullptr;
      if (!next || next->kind == JsonValue::Kind::null) return;
      if (next->kind != JsonValue::Kind::boolean) {
        r.bad(*next, fmt::format("expected 'hasNextPage' to be true or false, found {}", next->kind_name()));
      } else if (!next->boolean) {
        last_read = true;
      } else {
        // Made now: the caret line is at hand only while the page is.
        cut = r.page().at(*next, fmt::format("expected a page {} with hasNextPage false (the last page), found true on every page: the export "
                                             "stops before its end; fetch the remaining pages into this file",
                                             of));
      }
    }
    void check(DiagnosticSink& sink) const {
      if (!last_read && cut) sink.add(*cut);
    }
  };

  // Only when every page was read cleanly: a page refused for another reason
  // (GraphQL errors, no 'data') may be the one that says it is the last.
  void check_last_pages() {
    if (!sink_.empty()) return;
    stores_pages_.check(sink_);
    for (const auto& p : users_pages_) p.check(sink_);
  }

  std::optional<std::string> id_of(const JsonValue& node, std::string_view what) {
    const JsonValue* id = node.find("id");
    if (!id) {
      bad(node, fmt::format("expected {} to have an 'id', found none", what));
      return std::nullopt;
    }
    if (id->kind != JsonValue::Kind::string && id->kind != JsonValue::Kind::number) {
      bad(*id, fmt::format("expected {} id to be a string or number, found {}", what, id->kind_name()));
      return std::nullopt;
    }
    if (id->text.empty()) {
      bad(*id, fmt::format("expected {} to have a non-empty 'id', found an empty string", what));
      return std::nullopt;
    }
    return id->text;
  }

  std::string optional_string(const JsonValue& node, const char* key) {
    const JsonValue* v = node.find(key);
    if (!v || v->kind == JsonValue::Kind::null) return "";
    if (!v->is_string()) {
      bad(*v, fmt::format("expected '{}' to be a string, found {}", key, v->kind_name()));
      return "";
    }
    return v->text;
  }

  void read_store(const JsonValue& s) {
    if (!s.is_object()) {
      bad(s, fmt::format("expected a store node object, found {}", s.kind_name()));
      return;
    }
    auto id = id_of(s, "a store");
    if (!id) return;
    std::string name = optional_string(s, "name");
    const JsonValue* users = s.find("users");
    if (!users) {
      bad(s, fmt::format("expected store {} to have 'users', found none", quote(*id)));
      return;
    }
    auto [at, fresh] = users_pages_of_.try_emplace(*id, users_pages_.size());
    if (fresh) users_pages_.emplace_back();
    users_pages_[at->second].read(*this, *users, fmt::format("of the users of store {}", quote(*id)));
    each_node(*users, "'users'", [&](const JsonValue& u) { read_user(u, *id, name); });
  }

  void read_user(const JsonValue& u, const std::string& store_id, const std::string& store_name) {
    if (sink_.full()) return;
    if (!u.is_object()) {
      bad(u, fmt::format("expected a user node object, found {}", u.kind_name()));
      return;
    }
    UserRow row;
    row.where = SourceLoc{file_, u.line, u.col};
    const JsonValue* email = u.find("email");
    if (!email || !email->is_string() || trim(email->text).empty()) {
      bad(email ? *email : u, fmt::format("expected a user's 'email' string, found {}", !email               ? "none"
                                                                                        : email->is_string() ? "an empty string"
                                                                                                             : email->kind_name()));
      return;
    }
    if (auto problem = email_problem(trim(email->text))) {
      bad(*email, fmt::format("expected an email address, found {} ({})", quote(email->text), *problem));
      return;
    }
    row.email = email->text;
    if (const JsonValue* id = u.find("id"); id && (id->is_string() || id->kind == JsonValue::Kind::number)) {
      row.user_id = id->text;
      row.user_id_at = SourceLoc{file_, id->line, id->col};
    }
    row.first_name = optional_string(u, "firstName");
    row.last_name = optional_string(u, "lastName");
    row.store_id = store_id;
    row.store_name = store_name;
    row.infer_role = true;
    row.extras = cat_.empty_set();
    const JsonValue* perms = u.find("permissions");
    if (!perms || !perms->is_array()) {
      bad(perms ? *perms : u, fmt::format("expected a user's 'permissions' list, found {}", perms ? perms->kind_name() : "none"));
      return;
    }
    bool ok = true;
    for (const auto& p : perms->items) {
      if (!p.is_string()) {
        bad(p, fmt::format("expected a permission id string, found {}", p.kind_name()));
        ok = false;
        continue;
      }
      if (p.text == kNoPermissionRequired) continue;  // no access, defined in the catalog or not (SPEC 1)
      auto id = cat_.find_permission(p.text);
      if (!id) {
        bad(p, fmt::format("expected a permission id defined in permissions.yaml, found {}{}", quote(p.text), did_you_mean(p.text, perm_ids_)));
        ok = false;
        continue;
      }
      if (!cat_.is_ignored(*id)) row.extras.set(*id);
    }
    if (const JsonValue* st = u.find("status"); st && st->kind != JsonValue::Kind::null) {
      auto s = st->is_string() ? parse_status(st->text) : std::nullopt;
      if (!s) {
        bad(*st, fmt::format("expected a status (ACTIVE, INVITED, SUSPENDED), found {}", st->is_string() ? quote(st->text) : st->kind_name()));
        ok = false;
      } else {
        row.status = *s;
      }
    }
    if (!ok) return;
    // Conflicts are at the user node or its id: cut the caret line there.
    const JsonValue* id_node = u.find("id");
    out_.add_row(
        std::move(row),
        [&](const SourceLoc& l) {
          const JsonValue& v = id_node && l.line == id_node->line && l.col == id_node->col ? *id_node : u;
          return page().excerpt(v.offset, v.col);
        },
        sink_);
  }

  FileName file_;
  // The pages of stores, and of each store's users (by store id, in the
  // order first read).
  Pages stores_pages_;
  std::vector<Pages> users_pages_;
  std::unordered_map<std::string, size_t> users_pages_of_;
  const Catalog& cat_;
  AccountBuilder& out_;
  std::vector<std::string> perm_ids_;
};

}  // namespace

void read_users_json(std::string_view text, const std::string& file, const Catalog& cat, AccountBuilder& out) {
  JsonUsersReader(text, file, cat, out).read();
}

void read_users_json(InputReader& in, std::string head, const std::string& file, const Catalog& cat, AccountBuilder& out) {
  JsonUsersReader(in, std::move(head), file, cat, out).read();
}

}  // namespace rolemig
