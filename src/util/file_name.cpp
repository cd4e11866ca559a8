#include "util/file_name.h"

#include <mutex>
#include <unordered_set>

namespace rolemig {

namespace {

// Names are never freed: a run reads a handful of files. The set's nodes do
// not move, so a pointer into it stays valid; the mutex lets readers on
// several threads intern at once.
struct Pool {
  std::mutex mutex;
  std::unordered_set<std::string> names;
};

Pool& pool() {
  static Pool* p = new Pool;  // never destroyed: FileNames in static objects may outlive any order of destruction
  return *p;
}

const std::string* intern(std::string_view name) {
  Pool& p = pool();
  std::lock_guard lock(p.mutex);
  return &*p.names.emplace(name).first;
}

}  // namespace

FileName::FileName() {
  static const std::string* const empty = intern("");
  name_ = empty;
}

FileName::FileName(std::string_view name) : name_(intern(name)) {}

}  // namespace rolemig
