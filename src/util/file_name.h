// A file name as a diagnostic or a source location shows it, interned: every
// SourceLoc of one file shares one string, so a million assignments do not
// each carry (and allocate) a copy of "exports/users.csv". A FileName is one
// pointer; it reads as the std::string it names and compares by content.
#pragma once

#include <compare>
#include <string>
#include <string_view>

namespace rolemig {

class FileName {
 public:
  FileName();                                                              // the empty name
  FileName(std::string_view name);                                         // NOLINT(google-explicit-constructor): a name reads as a string
  FileName(const std::string& name) : FileName(std::string_view(name)) {}  // NOLINT(google-explicit-constructor)
  FileName(const char* name) : FileName(std::string_view(name)) {}         // NOLINT(google-explicit-constructor)

  const std::string& str() const { return *name_; }
  operator const std::string&() const { return *name_; }  // NOLINT(google-explicit-constructor)
  operator std::string_view() const { return *name_; }    // NOLINT(google-explicit-constructor)
  bool empty() const { return name_->empty(); }

  friend bool operator==(const FileName& a, const FileName& b) { return a.name_ == b.name_; }  // interned: one string per name
  friend std::strong_ordering operator<=>(const FileName& a, const FileName& b) { return a.str() <=> b.str(); }

 private:
  const std::string* name_;
};

}  // namespace rolemig
