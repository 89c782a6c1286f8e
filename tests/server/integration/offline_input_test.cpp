// The real chatkit-server binary, on its default model (offline, the Todo use case), sent 1 MiB
// chat messages: every one gets its answer and the server stays up. The offline model's phrasings
// were std::regex, whose recursion overflowed the stack on such messages (issue 14).
#include <gtest/gtest.h>

#include <algorithm>

#include "process.hpp"
#include "test_util.hpp"

namespace chatkit::testing {
namespace {

constexpr std::size_t kMegabyte = 1 << 20;  // within the default 4 MiB body limit

TEST(OfflineInputTest, MegabyteMessagesAreAnsweredAndTheServerStaysUp) {
  TempDir dir("chatkit_int_offline");
  ServerProcess server(server_binary(),
                       {"--port", "0", "--db", (dir.path() / "chatkit.db").string(), "--web",
                        (dir.path() / "web").string(), "--log-level", "warn"},
                       dir.path() / "stderr.log");
  const auto port = server.wait_listening();
  ASSERT_NE(port, 0) << server.stderr_text();

  std::string words;
  while (words.size() < kMegabyte) words += "lorem ipsum ";
  const std::string run(kMegabyte, 'x');
  // What the offline model answers: a megabyte is no todo title (at most 200 characters), so the
  // tool refuses it and the model says so.
  const std::string refused = "I couldn't do that:";
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"remove " + words, refused},
      {"add " + words, refused},
      {"I finished " + run, refused},
      {"mark " + words + " as done", refused},
      {"what's on my list " + words, "Your list is empty."},
      {"count to 3 " + words, "1 2 3."},
  };
  for (const auto& [message, answer] : cases) {
    const std::string which = message.substr(0, 20);
    const StreamResult stream = stream_chatkit(port, create_thread_request(message));
    ASSERT_EQ(stream.status, 200) << which << ": " << server.stderr_text();
    EXPECT_TRUE(stream.ended_cleanly) << which;
    // The answer is the last assistant message (the card of the list comes after it).
    const auto answered = std::find_if(stream.events.rbegin(), stream.events.rend(), [](const json& event) {
      return event.value("type", "") == "thread.item.done" && event["item"].value("type", "") == "assistant_message";
    });
    ASSERT_NE(answered, stream.events.rend()) << which << ": no answer";
    const std::string text = assistant_text((*answered)["item"]);
    EXPECT_TRUE(text.starts_with(answer)) << which << ": " << text;
    EXPECT_EQ(stream.events.back().value("type", ""), "thread.item.done") << which;
    ASSERT_EQ(http_request(port, "GET", "/healthz").status, 200) << "the server died on " << which;
  }
}

}  // namespace
}  // namespace chatkit::testing
