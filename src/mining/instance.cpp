#include "mining/instance.h"

namespace rolemig::mining {

namespace {

// The users holding every item of `items` (all users when it is empty).
Bits holders(const Instance& in, const Word* items) {
  Bits users(in.cols.stride(), ~Word{0});
  for_each_bit(items, in.rows.stride(), [&](size_t p) {
    for (size_t w = 0; w < users.size(); ++w) users[w] &= in.cols.row(p)[w];
  });
  return users;
}

}  // namespace

Bits close_role(const Instance& in, const Word* items) {
  const size_t wi = in.rows.stride();
  Bits closed(wi, ~Word{0});
  bool any_user = false;
  Bits users = holders(in, items);
  for_each_bit(users.data(), users.size(), [&](size_t u) {
    if (u >= in.users()) return;
    any_user = true;
    for (size_t w = 0; w < wi; ++w) closed[w] &= in.rows.row(u)[w];
  });
  if (!any_user) return Bits(items, items + wi);
  return closed;
}

Cover uncovered_cover(const Instance& in) { return Cover{in.rows, {}}; }

void take_role(const Instance& in, Cover& c, const Word* items) {
  Bits role = close_role(in, items);
  const size_t wi = in.rows.stride();
  Bits users = holders(in, role.data());
  for_each_bit(users.data(), users.size(), [&](size_t u) {
    if (u >= in.users()) return;
    Word* un = c.uncovered.row(u);
    for (size_t w = 0; w < wi; ++w) un[w] &= ~role[w];
  });
  c.roles.push_back(std::move(role));
}

}  // namespace rolemig::mining
