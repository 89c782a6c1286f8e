#pragma once
// Small checks shared by the integration test files.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "http_client.hpp"
#include "server_harness.hpp"

namespace chatkit::testing {

// The events of one bench-model answer with `deltas` deltas, starting at events[start] (§4.3a
// lines 4-9): added, content_part.added, the deltas "word{i} ", content_part.done, done.
struct BenchAnswer {
  std::string problem;  // empty when the events are as expected
  std::string id;       // the assistant message id
  json done_item;       // the item of the final thread.item.done
  std::size_t next = 0; // index after the answer
};

inline BenchAnswer check_bench_answer(const std::vector<json>& events, std::size_t start, int deltas,
                                      const std::string& thread_id) {
  BenchAnswer out;
  const auto need = start + static_cast<std::size_t>(deltas) + 4;
  if (events.size() < need) {
    out.problem = "expected at least " + std::to_string(need) + " events, got " + std::to_string(events.size());
    return out;
  }
  auto fail = [&](std::size_t i, const std::string& what) {
    out.problem = "event " + std::to_string(i) + " (" + events[i].dump() + "): " + what;
    return out;
  };
  std::size_t i = start;
  const json& added = events[i];
  if (added.value("type", "") != "thread.item.added") return fail(i, "expected thread.item.added");
  if (added["item"].value("type", "") != "assistant_message") return fail(i, "expected an assistant_message");
  if (added["item"].value("thread_id", "") != thread_id) return fail(i, "wrong thread_id");
  if (added["item"]["content"] != json::array()) return fail(i, "added content should be []");
  out.id = added["item"].value("id", "");
  if (out.id.empty()) return fail(i, "no id");
  ++i;
  auto expect_update = [&](std::size_t at, const std::string& update_type) -> bool {
    const json& e = events[at];
    return e.value("type", "") == "thread.item.updated" && e.value("item_id", "") == out.id &&
           e["update"].value("type", "") == update_type && e["update"].value("content_index", -1) == 0;
  };
  if (!expect_update(i, "assistant_message.content_part.added")) return fail(i, "expected content_part.added");
  ++i;
  std::string text;
  for (int d = 0; d < deltas; ++d, ++i) {
    if (!expect_update(i, "assistant_message.content_part.text_delta")) return fail(i, "expected text_delta");
    const std::string want = "word" + std::to_string(d) + " ";
    if (events[i]["update"].value("delta", "") != want) return fail(i, "expected delta '" + want + "'");
    text += want;
  }
  if (!expect_update(i, "assistant_message.content_part.done")) return fail(i, "expected content_part.done");
  if (events[i]["update"]["content"].value("text", "") != text) return fail(i, "content_part.done text");
  ++i;
  const json& done = events[i];
  if (done.value("type", "") != "thread.item.done") return fail(i, "expected thread.item.done");
  if (done["item"].value("id", "") != out.id) return fail(i, "done id differs from added id");
  if (done["item"].value("type", "") != "assistant_message") return fail(i, "done is not an assistant_message");
  if (assistant_text(done["item"]) != text) return fail(i, "done text");
  out.done_item = done["item"];
  out.next = i + 1;
  return out;
}

// threads.create; the new thread's id ("" when the stream did not start).
inline std::string create_thread(std::uint16_t port, const std::string& text, StreamResult* result = nullptr,
                                 const Headers& headers = {}) {
  StreamResult stream = stream_chatkit(port, create_thread_request(text), headers);
  std::string id;
  if (!stream.events.empty() && stream.events[0].value("type", "") == "thread.created") {
    id = stream.events[0]["thread"].value("id", "");
  }
  if (result) *result = std::move(stream);
  return id;
}

inline std::string lower_copy(std::string text) {
  for (auto& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// The error object of an error answer.
inline json error_of(const HttpResponse& response) {
  const json body = response.json_body();
  return body.is_object() && body.contains("error") ? body["error"] : json();
}

// Waits (polling) until `condition` holds or `within` passes; returns the final value.
inline bool eventually(const std::function<bool()>& condition,
                       std::chrono::milliseconds within = std::chrono::seconds(10)) {
  const auto deadline = std::chrono::steady_clock::now() + within;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= deadline) return condition();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return true;
}

// A snapshot of what the store holds, to show that a refused request wrote nothing.
struct RowCounts {
  long threads = 0;
  long items = 0;
  bool operator==(const RowCounts&) const = default;
};
inline RowCounts row_counts(const std::filesystem::path& db) {
  return RowCounts{count_rows(db, "threads"), count_rows(db, "items")};
}
inline void PrintTo(const RowCounts& counts, std::ostream* os) {
  *os << "{threads=" << counts.threads << ", items=" << counts.items << "}";
}

}  // namespace chatkit::testing
