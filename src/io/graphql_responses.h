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
#include "util/text.h"

namespace rolemig {

class GraphqlResponses {
 protected:
  GraphqlResponses(std::string_view text, std::string file) : parser_(text, std::move(file)) {}
  // Reads `in` a response at a time; `head` is what was read of it already.
  GraphqlResponses(InputReader& in, std::string head, std::string file) : parser_(in, std::move(head), std::move(file)) {}

  // Calls on_response(doc) for each response that passes the shared checks,
  // while the sink has room; `complete` names what a response with errors
  // is not ("a complete export"). Then calls at_end() (when the sink has
  // room) and throws every diagnostic collected; returns how many responses
  // the text holds.
  template <class OnResponse>
  size_t read_responses(std::string_view complete, OnResponse&& on_response) {
    return read_responses(complete, on_response, [] {});
  }
  template <class OnResponse, class AtEnd>
  size_t read_responses(std::string_view complete, OnResponse&& on_response, AtEnd&& at_end) {
    size_t responses = 0;
    parser_.for_each_document([&](const JsonValue& doc) {
      ++responses;
      if (sink_.full()) return;
      if (!doc.is_object()) return bad(doc, fmt::format("expected a GraphQL response object, found {}", doc.kind_name()));
      if (auto msg = graphql_error(doc)) {
        return bad(*doc.find("errors"), fmt::format("expected {}, found GraphQL errors in the response: {}", complete, quote(*msg)));
      }
      on_response(doc);
    });
    if (!sink_.full()) at_end();
    sink_.throw_if_any();
    return responses;
  }

  void bad(const JsonValue& v, std::string msg) { sink_.add(parser_.at(v, std::move(msg))); }

  template <class F>
  void each_node(const JsonValue& conn, std::string_view what, F&& f) {
    each_connection_node(parser_, conn, what, sink_, f);
  }

  JsonParser parser_;
  DiagnosticSink sink_;
};

}  // namespace rolemig
