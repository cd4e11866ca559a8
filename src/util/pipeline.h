// A producer on another thread handing batches to a consumer on this one.
#pragma once

#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <system_error>
#include <thread>
#include <utility>

namespace rolemig {

// Runs produce(put) on another thread while this one calls consume(batch)
// for each batch given to put(), in the order given, so that a reader's
// parsing and what is done with its records share the two cores. At most
// `depth` batches wait between them.
//
// put(batch) returns false once the consumer has stopped: produce should
// return then. consume(batch) returns false to stop (it wants no more).
// Behaves as produce and consume interleaved on one thread would:
// * an exception from consume stops the producer and is rethrown;
// * an exception from produce is rethrown after every batch put before it
//   was consumed, and only if consume did not stop first (a sequential run
//   would not have read that far).
// When no thread can be started, runs them interleaved on this thread.
template <class Batch, class Produce, class Consume>
void run_pipelined(Produce&& produce, Consume&& consume, size_t depth = 4) {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Batch> waiting;
  bool closed = false, stopped = false;
  std::exception_ptr produce_failed;

  auto put = [&](Batch&& batch) {
    std::unique_lock lock(mutex);
    changed.wait(lock, [&] { return stopped || waiting.size() < depth; });
    if (stopped) return false;
    waiting.push_back(std::move(batch));
    changed.notify_all();
    return true;
  };
  auto stop = [&] {
    std::lock_guard lock(mutex);
    stopped = true;
    changed.notify_all();
  };

  std::thread producer;
  try {
    producer = std::thread([&] {
      try {
        produce(put);
      } catch (...) {
        produce_failed = std::current_exception();
      }
      std::lock_guard lock(mutex);
      closed = true;
      changed.notify_all();
    });
  } catch (const std::system_error&) {
    bool more = true;
    try {
      produce([&](Batch&& batch) { return more = more && consume(std::move(batch)); });
    } catch (...) {
      if (more) throw;  // consume's own, or produce's before consume stopped
    }
    return;
  }

  bool all = true;  // every batch put was consumed
  try {
    while (true) {
      std::optional<Batch> batch;
      {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return closed || !waiting.empty(); });
        if (waiting.empty()) break;  // closed, and nothing left
        batch.emplace(std::move(waiting.front()));
        waiting.pop_front();
        changed.notify_all();
      }
      if (!consume(std::move(*batch))) {
        all = false;
        break;
      }
    }
  } catch (...) {
    stop();
    producer.join();
    throw;
  }
  stop();
  producer.join();
  if (all && produce_failed) std::rethrow_exception(produce_failed);
}

}  // namespace rolemig
