// What the readers of GraphQL responses share (the users export, the group
// audit): the three page forms (io/json_value.h), one sink of diagnostics for
// the file, the checks every response gets (an object, no GraphQL `errors`:
// a response with errors is incomplete), and Relay connections.
#pragma once

#include <fmt/format.h>

#include <string>
#include <string_view>

#include "io/json_value.h"
#include "util/error.h"
#include "util/pipeline.h"
#include "util/text.h"

namespace rolemig {

class GraphqlResponses {
 protected:
  GraphqlResponses(std::string_view text, std::string file) : parser_(text, std::move(file)) {}
  // Reads `in` a response at a time; `head` is what was read of it already.
  GraphqlResponses(InputReader& in, std::string head, std::string file) : parser_(in, std::move(head), std::move(file)) {}
  GraphqlResponses(const GraphqlResponses&) = delete;  // page_ points into the object
  GraphqlResponses& operator=(const GraphqlResponses&) = delete;

  // Calls on_response(doc) for each response that passes the shared checks,
  // while the sink has room; `complete` names what a response with errors
  // is not ("a complete export"). Then calls at_end() (when the sink has
  // room) and throws every diagnostic collected; returns how many responses
  // the text holds. Responses are parsed on one core and read on the other,
  // a page at a time: while on_response runs, page() places diagnostics in
  // its response (not parser_, which reads on).
  template <class OnResponse>
  size_t read_responses(std::string_view complete, OnResponse&& on_response) {
    return read_responses(complete, on_response, [] {});
  }
  template <class OnResponse, class AtEnd>
  size_t read_responses(std::string_view complete, OnResponse&& on_response, AtEnd&& at_end) {
    struct Page {
      JsonValue doc;
      JsonParser text;  // parser_'s snapshot, for diagnostics
    };
    struct Stopped {};
    size_t responses = 0;
    auto produce = [&](const auto& put) {
      try {
        parser_.for_each_document([&](JsonValue& doc) {
          if (!put(Page{std::move(doc), parser_.snapshot()})) throw Stopped{};
        });
      } catch (const Stopped&) {
        // The reader has stopped: nothing more to parse.
      }
    };
    auto consume = [&](Page page) {
      ++responses;
      if (sink_.full()) return true;  // counted, not read
      page_ = &page.text;
      struct Restore {
        GraphqlResponses& r;
        ~Restore() { r.page_ = &r.parser_; }
      } restore{*this};
      const JsonValue& doc = page.doc;
      if (!doc.is_object()) {
        bad(doc, fmt::format("expected a GraphQL response object, found {}", doc.kind_name()));
      } else if (auto msg = graphql_error(doc)) {
        bad(*doc.find("errors"), fmt::format("expected {}, found GraphQL errors in the response: {}", complete, quote(*msg)));
      } else {
        on_response(doc);
      }
      return true;
    };
    run_pipelined<Page>(produce, consume, 2);
    if (!sink_.full()) at_end();
    sink_.throw_if_any();
    return responses;
  }

  // Where diagnostics in the response being read are placed.
  const JsonParser& page() const { return *page_; }

  void bad(const JsonValue& v, std::string msg) { sink_.add(page().at(v, std::move(msg))); }

  template <class F>
  void each_node(const JsonValue& conn, std::string_view what, F&& f) {
    each_connection_node(page(), conn, what, sink_, f);
  }

  JsonParser parser_;
  const JsonParser* page_ = &parser_;
  DiagnosticSink sink_;
};

}  // namespace rolemig
