// Resolves readers' rows into an Account: interns users (by case-folded email)
// and stores, merges rows of the same user and store (SPEC 2.1), infers
// standard roles for role-less export rows, and sorts everything.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "model/account.h"
#include "model/catalog.h"
#include "util/flat_index.h"

namespace rolemig {

struct UserRow {
  std::string email;
  std::string user_id;
  SourceLoc user_id_at;
  std::string first_name;
  std::string last_name;
  std::string store_id;
  std::string store_name;  // JSON exports name their stores; empty otherwise
  std::optional<RoleIdx> role;
  PermSet extras;
  Status status = Status::active;
  bool infer_role = false;  // permissions-only export rows (SPEC 2.1)
  SourceLoc where;          // the row (CSV) or user node (JSON)
};

class AccountBuilder {
 public:
  explicit AccountBuilder(const Catalog& catalog) : cat_(catalog) {}

  // A store from the stores file; a later definition of the same id is an
  // error reported by the caller (returns false).
  bool add_store(const std::string& id, const std::string& name, const std::string& region);
  // Adds one assignment row. Conflicts go to `sink`; `line_text` is called
  // only then (and for the first warnings of a kind), with the diagnostic's
  // place, for the caret line: an excerpt around the column, since one line
  // may hold a whole export (a row's fields may also lie on several lines).
  using LineText = std::function<Excerpt(const SourceLoc& at)>;
  void add_row(UserRow row, const LineText& line_text, DiagnosticSink& sink);
  // Ensures a store exists (e.g. a rule grants at store:<id>); returns nothing.
  void touch_store(const std::string& id);
  // The ids of the stores so far, in the order first named.
  std::vector<std::string> store_ids() const;
  // Ensures a user exists, by case-folded email: a member that another input
  // names (a live group, a reviewed plan) but no export has. Such a user has
  // no legacy access, so whatever the groups give is a gain.
  void touch_user(const std::string& email);

  Account finish();

 private:
  struct PendingStore {
    Store store;
    bool named = false;
  };
  struct PendingAssignment {
    uint32_t user, store;
    std::optional<RoleIdx> role;
    PermSet extras;     // the union of its rows' checkboxes
    PermSet first_row;  // the first row's checkboxes; later distinct ones are in merged_rows_
    Status status;
    bool infer_role;
    SourceLoc where;
    std::vector<CheckboxRow> sources;  // where each row's checkboxes came from, once a second row is merged; else empty
  };
  uint32_t intern_store(const std::string& id);
  std::pair<uint32_t, bool> intern_user(std::string folded);  // {user, added}
  void sort_by_email(std::vector<uint32_t>& order) const;
  // finish()'s two halves, run side by side: the users in `user_order`, and
  // the assignments in (user, store id) order under the new indices.
  void lay_out_users(const std::vector<uint32_t>& user_order, Account& acc);
  void lay_out_assignments(const std::vector<uint32_t>& user_new, const std::vector<uint32_t>& store_new, Account& acc);

  const Catalog& cat_;
  std::vector<User> users_;
  FlatIndex user_index_;  // users_ by email
  std::vector<PendingStore> stores_;
  std::unordered_map<std::string, uint32_t> store_index_;
  std::vector<PendingAssignment> assignments_;
  FlatIndex assignment_index_;  // assignments_ by (user, store)
  // Each user_id, the user that first gave it, and where.
  struct UserId {
    std::string id;
    uint32_t user;
    SourceLoc at;
  };
  std::vector<UserId> user_ids_;
  FlatIndex user_id_index_;  // user_ids_ by id
  // The distinct checkbox sets of assignments given by more than one row, so
  // telling a duplicate from a merge is one lookup however many rows there are.
  struct RowKey {
    uint32_t assignment;
    PermSet extras;
    bool operator==(const RowKey&) const = default;
  };
  struct RowKeyHash {
    size_t operator()(const RowKey& k) const { return k.extras.hash() * 31 + k.assignment; }
  };
  std::unordered_set<RowKey, RowKeyHash> merged_rows_;
  size_t duplicate_rows_ = 0;
  WarningList warnings_;
};

}  // namespace rolemig
