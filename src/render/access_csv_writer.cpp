#include "render/access_csv_writer.h"

#include <algorithm>
#include <numeric>
#include <string_view>

#include "io/csv_field.h"

namespace rolemig {

namespace {

// Why sorting per user gives the global byte order: every row starts with its
// user's key, the email field and its comma. Where neither of two keys is a
// prefix of the other, they differ inside both, so every row of one user
// sorts before every row of the other, as their keys do. Keys that are
// prefixes of others (the same key twice; or, were a field ever to hold an
// unquoted comma, "a," and "a,b,") are sorted together: after sorting the
// keys, a maximal run of keys starting with the run's first key is one
// cluster whose rows are sorted as a whole. Ordering by the bare field would
// be wrong: "a" < "a+b", but "a+b,..." < "a,..." since '+' < ','.
struct UserKey {
  std::string key;  // csv_field(email) + ","
  UserIdx user;
};

std::vector<UserKey> sorted_keys(const Plan& p, const std::vector<AccessMap>& access) {
  std::vector<UserKey> keys;
  for (UserIdx u = 0; u < access.size(); ++u) {
    if (!access[u].empty()) keys.push_back(UserKey{csv_field(p.account.users[u].email) + ",", u});
  }
  // Users are in email order, which is the keys' order unless an email is
  // a prefix of another one's: then (and only then) sort.
  auto less = [](const UserKey& a, const UserKey& b) { return a.key < b.key; };
  if (!std::is_sorted(keys.begin(), keys.end(), less)) std::sort(keys.begin(), keys.end(), less);
  return keys;
}

// The fields after a user's key, each made once: "target," per target (by
// Target::code) and "permission\n" per permission. Where neither list holds
// a field that is a prefix of another of its list (nor twice the same),
// "target,permission\n" sorts as the pair (target's rank, permission's rank)
// among the sorted fields, so a user's rows sort as integers and no row
// string is built.
class RowParts {
 public:
  explicit RowParts(const Plan& p) {
    targets_.push_back(csv_field(p.account.target_name(Target::account())) + ",");
    for (StoreIdx s = 0; s < p.account.stores.size(); ++s) targets_.push_back(csv_field(p.account.target_name(Target::store(s))) + ",");
    for (const auto& perm : p.catalog.permissions) perms_.push_back(csv_field(perm.id) + "\n");
    ranked_ = rank(targets_, target_rank_, target_by_rank_) && rank(perms_, perm_rank_, perm_by_rank_);
  }

  bool ranked() const { return ranked_; }
  const std::string& target(Target t) const { return targets_[t.code]; }
  const std::string& perm(PermId id) const { return perms_[id]; }
  // A row's place among one user's rows (when ranked()).
  uint64_t code(Target t, PermId id) const { return (uint64_t{target_rank_[t.code]} << 32) | perm_rank_[id]; }
  // The inverse of code(): by rank.
  const std::string& target_of(uint64_t code) const { return targets_[target_by_rank_[code >> 32]]; }
  const std::string& perm_of(uint64_t code) const { return perms_[perm_by_rank_[code & 0xFFFFFFFFU]]; }

 private:
  // Ranks `fields` in byte order; false when one is a prefix of another.
  static bool rank(const std::vector<std::string>& fields, std::vector<uint32_t>& rank_of, std::vector<uint32_t>& by_rank) {
    by_rank.resize(fields.size());
    std::iota(by_rank.begin(), by_rank.end(), 0U);
    std::sort(by_rank.begin(), by_rank.end(), [&](uint32_t a, uint32_t b) { return fields[a] < fields[b]; });
    rank_of.assign(fields.size(), 0);
    for (uint32_t r = 0; r < by_rank.size(); ++r) {
      rank_of[by_rank[r]] = r;
      // Sorted, a field that is a prefix of any other is one of its successor's.
      if (r > 0 && fields[by_rank[r]].starts_with(fields[by_rank[r - 1]])) return false;
    }
    return true;
  }

  std::vector<std::string> targets_, perms_;
  std::vector<uint32_t> target_rank_, perm_rank_, target_by_rank_, perm_by_rank_;
  bool ranked_ = false;
};

// One user's rows, sorted as integers (parts.ranked()), appended to `text`.
void add_ranked_rows(const RowParts& parts, const AccessMap& access, const std::string& key, std::vector<uint64_t>& codes, std::string& text) {
  codes.clear();
  for (const auto& entry : access) {
    const Target t = entry.first;  // a lambda captures no structured binding before clang 16
    entry.second.for_each([&](PermId id) { codes.push_back(parts.code(t, id)); });
  }
  std::sort(codes.begin(), codes.end());
  for (uint64_t c : codes) {
    text += key;
    text += parts.target_of(c);
    text += parts.perm_of(c);
  }
}

// Appends the rows of one user ("key" + "target,permission\n").
void add_rows(const RowParts& parts, const AccessMap& access, const std::string& key, std::vector<std::string>& rows) {
  for (const auto& [t, ps] : access) {
    std::string prefix = key + parts.target(t);
    ps.for_each([&](PermId id) { rows.push_back(prefix + parts.perm(id)); });
  }
}

}  // namespace

void write_access_csv(const Plan& p, const std::vector<AccessMap>& access, std::ostream& out) {
  const RowParts parts(p);
  const std::vector<UserKey> keys = sorted_keys(p, access);
  // Rows gather in `text` and reach the stream in blocks.
  constexpr size_t kBlock = 1 << 16;
  std::string text = "email,target,permission\n";
  std::vector<std::string> rows;  // one cluster's
  std::vector<uint64_t> codes;    // one user's
  for (size_t i = 0; i < keys.size();) {
    const std::string_view head = keys[i].key;
    size_t end = i + 1;
    while (end < keys.size() && keys[end].key.starts_with(head)) ++end;
    if (end == i + 1 && parts.ranked()) {
      add_ranked_rows(parts, access[keys[i].user], keys[i].key, codes, text);
    } else {
      rows.clear();
      for (; i < end; ++i) add_rows(parts, access[keys[i].user], keys[i].key, rows);
      std::sort(rows.begin(), rows.end());
      for (const auto& r : rows) text += r;
    }
    i = end;
    if (text.size() >= kBlock) {
      out.write(text.data(), static_cast<std::streamsize>(text.size()));
      text.clear();
    }
  }
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
}

void write_access_before_csv(const Plan& p, std::ostream& out) { write_access_csv(p, p.verification.before, out); }
void write_access_after_csv(const Plan& p, std::ostream& out) { write_access_csv(p, p.verification.after, out); }

}  // namespace rolemig
