#include "model/account_builder.h"

#include <algorithm>
#include <fmt/format.h>
#include <numeric>

#include "util/parallel.h"
#include "util/text.h"

namespace rolemig {

namespace {
void set_excerpt(Diagnostic& d, Excerpt e) {
  d.source_line = std::move(e.text);
  d.excerpt_col = e.first_col;
}

std::string role_label(const Catalog& cat, const std::optional<RoleIdx>& r) { return r ? quote(cat.roles[*r].name) : std::string("no role"); }

// How many records ahead memory is asked for where records are read out of order.
constexpr size_t kAhead = 8;
}  // namespace

uint32_t AccountBuilder::intern_store(const std::string& id) {
  auto [it, inserted] = store_index_.emplace(id, static_cast<uint32_t>(stores_.size()));
  if (inserted) stores_.push_back(PendingStore{Store{id, id, ""}, false});
  return it->second;
}

bool AccountBuilder::add_store(const std::string& id, const std::string& name, const std::string& region) {
  uint32_t s = intern_store(id);
  if (stores_[s].named) return false;
  stores_[s].named = true;
  stores_[s].store.name = name.empty() ? id : name;
  stores_[s].store.region = region;
  return true;
}

void AccountBuilder::touch_store(const std::string& id) { intern_store(id); }

std::vector<std::string> AccountBuilder::store_ids() const {
  std::vector<std::string> ids;
  ids.reserve(stores_.size());
  for (const auto& s : stores_) ids.push_back(s.store.id);
  return ids;
}

std::pair<uint32_t, bool> AccountBuilder::intern_user(std::string folded) {
  auto found = user_index_.find_or_add(
      std::hash<std::string_view>{}(folded), [&](uint32_t u) { return users_[u].email == folded; }, static_cast<uint32_t>(users_.size()));
  if (found.second) users_.push_back(User{std::move(folded), "", "", ""});
  return found;
}

void AccountBuilder::touch_user(const std::string& email) { intern_user(fold_case(email)); }

void AccountBuilder::add_row(UserRow row, const LineText& line_text, DiagnosticSink& sink) {
  const auto [user_index, new_user] = intern_user(fold_case(trim(row.email)));
  const uint32_t u = user_index;  // a plain variable: lambdas below capture it (clang 14 cannot capture a structured binding)
  User& user = users_[u];
  const std::string& email = user.email;
  if (new_user) user.user_id = row.user_id;
  if (user.first_name.empty()) user.first_name = std::move(row.first_name);
  if (user.last_name.empty()) user.last_name = std::move(row.last_name);

  if (!row.user_id.empty()) {
    const auto [id_index, new_id] = user_id_index_.find_or_add(
        std::hash<std::string_view>{}(row.user_id), [&](uint32_t i) { return user_ids_[i].id == row.user_id; },
        static_cast<uint32_t>(user_ids_.size()));
    if (new_id) user_ids_.push_back(UserId{row.user_id, u, row.user_id_at});
    const UserId& first = user_ids_[id_index];
    if (first.user != u) {
      Diagnostic d{
          row.user_id_at,
          fmt::format("expected user_id {} to belong to one email, found it for {} and {}", quote(row.user_id), users_[first.user].email, email), "",
          "first given at " + first.at.str()};
      set_excerpt(d, line_text(row.user_id_at));
      sink.add(d);
      return;
    }
    if (user.user_id.empty()) user.user_id = row.user_id;
  }

  uint32_t s = intern_store(row.store_id);
  if (!row.store_name.empty() && !stores_[s].named) {
    stores_[s].named = true;
    stores_[s].store.name = row.store_name;
  }
  auto [index, new_assignment] = assignment_index_.find_or_add(
      mix64((uint64_t{u} << 32) | s), [&](uint32_t a) { return assignments_[a].user == u && assignments_[a].store == s; },
      static_cast<uint32_t>(assignments_.size()));
  if (new_assignment) {
    assignments_.push_back(PendingAssignment{u, s, row.role, row.extras, row.extras, row.status, row.infer_role, row.where, {}});
    return;
  }
  PendingAssignment& a = assignments_[index];
  auto conflict = [&](std::string message) {
    Diagnostic d{row.where, std::move(message), "", "first given at " + a.where.str()};
    set_excerpt(d, line_text(row.where));
    sink.add(std::move(d));
  };
  if (a.role != row.role) {
    return conflict(fmt::format("expected one role for {} on store {}, found {} here and {} before", email, row.store_id, role_label(cat_, row.role),
                                role_label(cat_, a.role)));
  }
  if (a.status != row.status) {
    return conflict(fmt::format("expected one status for {} on store {}, found {} here and {} before", email, row.store_id, status_name(row.status),
                                status_name(a.status)));
  }
  // A duplicate repeats an earlier row exactly, whatever came between.
  if (row.extras == a.first_row) {
    ++duplicate_rows_;
    return;
  }
  merged_rows_.insert(RowKey{index, a.first_row});
  if (!merged_rows_.insert(RowKey{index, row.extras}).second) {
    ++duplicate_rows_;
    return;
  }
  constexpr std::string_view kMerged = "merged rows that differ only in extra permissions";
  Diagnostic w{row.where, "", "", "", 1, Severity::warning};
  if (warnings_.wants(kMerged)) {
    w = diagnostic_at(row.where, fmt::format("rows for {} on store {} differ only in extra permissions; merged them", email, row.store_id),
                      line_text(row.where), Severity::warning);
    w.note = "first given at " + a.where.str();
  }
  warnings_.add(kMerged, std::move(w));
  a.extras |= row.extras;
  if (a.sources.empty()) a.sources.push_back(CheckboxRow{a.where, a.first_row});
  a.sources.push_back(CheckboxRow{row.where, row.extras});
}

// Byte order of the emails, comparing first their leading 8 bytes as one
// big-endian number held beside each index, so that most comparisons read no
// string: at a million users, each string read is a cache miss. Emails hold
// no NUL, so padding a short one with zeros orders it as the bytes do. The
// two halves are sorted on both cores, then merged.
void AccountBuilder::sort_by_email(std::vector<uint32_t>& order) const {
  struct Keyed {
    uint64_t prefix;
    const std::string* email;  // read only when the prefixes are equal
    uint32_t user;
  };
  std::vector<Keyed> keyed(order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    const std::string& e = users_[order[i]].email;
    uint64_t prefix = 0;
    for (size_t k = 0; k < 8; ++k) prefix = (prefix << 8) | (k < e.size() ? static_cast<unsigned char>(e[k]) : 0u);
    keyed[i] = Keyed{prefix, &e, order[i]};
  }
  auto less = [](const Keyed& a, const Keyed& b) { return a.prefix != b.prefix ? a.prefix < b.prefix : *a.email < *b.email; };
  const auto middle = keyed.begin() + static_cast<std::ptrdiff_t>(keyed.size() / 2);
  run_both([&] { std::sort(keyed.begin(), middle, less); }, [&] { std::sort(middle, keyed.end(), less); });
  std::vector<Keyed> merged(keyed.size());
  std::merge(keyed.begin(), middle, middle, keyed.end(), merged.begin(), less);
  for (size_t i = 0; i < order.size(); ++i) order[i] = merged[i].user;
}

Account AccountBuilder::finish() {
  Account acc;
  // Stores and users in byte order of id / email; remap indices.
  std::vector<uint32_t> store_order(stores_.size()), user_order(users_.size());
  std::iota(store_order.begin(), store_order.end(), 0);
  std::iota(user_order.begin(), user_order.end(), 0);
  std::sort(store_order.begin(), store_order.end(), [&](uint32_t a, uint32_t b) { return stores_[a].store.id < stores_[b].store.id; });
  sort_by_email(user_order);
  std::vector<uint32_t> store_new(stores_.size()), user_new(users_.size());
  for (uint32_t i = 0; i < store_order.size(); ++i) {
    store_new[store_order[i]] = i;
    acc.stores.push_back(std::move(stores_[store_order[i]].store));
  }
  for (uint32_t i = 0; i < user_order.size(); ++i) user_new[user_order[i]] = i;
  // The users and the assignments are laid out on both cores: each reads its
  // own records of the builder (and the new indices) and writes its own part
  // of the account. Both loops read the builder's records out of order:
  // memory is asked for a few ahead (at a million users each read was a
  // cache miss).
  run_both([&] { lay_out_users(user_order, acc); }, [&] { lay_out_assignments(user_new, store_new, acc); });
  users_.clear();  // the emails read; a builder is finished once
  users_.shrink_to_fit();
  acc.index_assignments();
  acc.duplicate_rows = duplicate_rows_;
  acc.warnings = warnings_.take();
  return acc;
}

void AccountBuilder::lay_out_users(const std::vector<uint32_t>& user_order, Account& acc) {
  acc.users.reserve(users_.size());
  for (uint32_t i = 0; i < user_order.size(); ++i) {
    if (i + 2 * kAhead < user_order.size()) __builtin_prefetch(&users_[user_order[i + 2 * kAhead]]);
    if (i + kAhead < user_order.size()) __builtin_prefetch(users_[user_order[i + kAhead]].email.data());
    User& from = users_[user_order[i]];
    // The email is copied, not moved: the copies, made in user order, lie in
    // memory in that order, as every writer walks users (member lists,
    // access maps). Moved, they would stay in reading order, and at a
    // million users each email written would be a cache miss.
    acc.users.push_back(User{from.email, std::move(from.user_id), std::move(from.first_name), std::move(from.last_name)});
  }
}

void AccountBuilder::lay_out_assignments(const std::vector<uint32_t>& user_new, const std::vector<uint32_t>& store_new, Account& acc) {
  // Standard roles by permission set, for role inference.
  std::unordered_map<PermSet, RoleIdx, PermSetHash> by_perms;
  for (RoleIdx r = 0; r < cat_.roles.size(); ++r) {
    if (!cat_.roles[r].custom && !cat_.roles[r].perms.empty()) by_perms.emplace(cat_.roles[r].perms, r);
  }
  // Assignments by user, then store id (store indices are in id order now):
  // their positions counted out per user, not the records sorted, since
  // moving a record is moving its permission sets. (user, store) is unique,
  // so the order is the one a sort gives.
  std::vector<uint32_t> assignment_order(assignments_.size());
  {
    std::vector<uint32_t> next(users_.size() + 1, 0);
    for (const auto& p : assignments_) ++next[user_new[p.user] + 1];
    for (size_t u = 1; u < next.size(); ++u) next[u] += next[u - 1];
    const std::vector<uint32_t> first = next;
    for (uint32_t i = 0; i < assignments_.size(); ++i) assignment_order[next[user_new[assignments_[i].user]]++] = i;
    for (size_t u = 0; u + 1 < first.size(); ++u) {
      std::sort(assignment_order.begin() + first[u], assignment_order.begin() + first[u + 1],
                [&](uint32_t x, uint32_t y) { return store_new[assignments_[x].store] < store_new[assignments_[y].store]; });
    }
  }
  acc.assignments.reserve(assignments_.size());
  for (size_t k = 0; k < assignment_order.size(); ++k) {
    if (k + kAhead < assignment_order.size()) {
      const char* ahead = reinterpret_cast<const char*>(&assignments_[assignment_order[k + kAhead]]);
      for (size_t line = 0; line < sizeof(PendingAssignment); line += 64) __builtin_prefetch(ahead + line);
    }
    PendingAssignment& p = assignments_[assignment_order[k]];
    Assignment a;
    a.user = user_new[p.user];
    a.store = store_new[p.store];
    a.role = p.role;
    a.extras = std::move(p.extras);
    a.status = p.status;
    a.where = p.where;
    a.rows = std::move(p.sources);
    if (p.infer_role && !a.role) {
      if (auto it = by_perms.find(a.extras); it != by_perms.end()) {
        a.role = it->second;
        a.role_inferred = true;
        a.extras = cat_.empty_set();
      }
    }
    a.perms = a.extras;
    if (a.role) a.perms |= cat_.roles[*a.role].perms;
    acc.assignments.push_back(std::move(a));
  }
}

}  // namespace rolemig
