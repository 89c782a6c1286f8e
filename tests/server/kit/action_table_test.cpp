#include "server/kit/action_table.hpp"

#include <gtest/gtest.h>

#include "core/widget/action_json.hpp"
#include "server/chatkit/stream_error.hpp"
#include "server/kit/items.hpp"
#include "support/use_case_harness.hpp"

namespace chatkit::server::kit {
namespace {

using nlohmann::json;
using testing::UseCaseHarness;

struct Pick {
  std::int64_t id = 0;
  std::optional<std::string> note;
  template <class S, class V>
  static void fields(S& s, V& v) {
    v.required("id", s.id);
    v.optional("note", s.note);
  }
};

constexpr widget::ActionType<Pick> kPick{"pick"};
constexpr widget::ActionType<widget::NoPayload> kReset{"reset"};

// A use case whose table records what its handlers saw.
class PickerUseCase final : public UseCase {
 public:
  PickerUseCase() : actions_("picker card") {
    actions_.on(kPick,
                [this](const ActionCall<Pick>& call) -> awaitable<void> {
                  picked.push_back(call.payload.id);
                  notes.push_back(call.payload.note.value_or(""));
                  co_await notify(call.turn, "picked " + std::to_string(call.payload.id));
                },
                [](const Pick& pick, const RequestContext& who) -> std::optional<std::string> {
                  if (pick.id < 100) return std::nullopt;
                  return "item " + std::to_string(pick.id) + " is gone for " + who.user_id;
                });
    actions_.on(kReset, [this](const ActionCall<widget::NoPayload>&) -> awaitable<void> {
      ++resets;
      co_return;
    });
  }
  std::string_view name() const override { return "picker"; }
  std::string instructions(const ThreadMetadata&) const override { return ""; }
  awaitable<void> action(Turn& turn, const Action& action, const std::optional<WidgetItem>& sender) override {
    return actions_.run(turn, action, sender);
  }
  std::optional<std::string> explain_stale_action(const Action& action, const RequestContext& context) override {
    return actions_.explain_stale(action, context);
  }
  const ActionTable& table() const { return actions_; }

  std::vector<std::int64_t> picked;
  std::vector<std::string> notes;
  int resets = 0;

 private:
  ActionTable actions_;
};

Action action_of(const json& widget_action) {
  return Action{.type = widget_action.at("type"), .payload = widget_action.value("payload", json())};
}

// The error event a run ended with, or null.
std::optional<ErrorEvent> run_error(UseCaseHarness& harness, UseCase& use_case, const Action& action) {
  std::optional<ErrorEvent> error;
  harness.respond([&](Turn& turn) -> awaitable<void> {
    try {
      co_await use_case.action(turn, action, std::nullopt);
    } catch (const StreamError& failure) {
      error = failure.event();
    }
  });
  return error;
}

TEST(ActionTable, TheCardsActionJsonDecodesToTheSamePayloadInTheHandler) {
  UseCaseHarness harness;
  PickerUseCase picker;
  const json offered = widget::action_json(kPick, {.id = 42, .note = "blue"});
  EXPECT_EQ(offered, json({{"type", "pick"}, {"payload", {{"id", 42}, {"note", "blue"}}}}));
  const auto events = harness.click(picker, action_of(offered), std::nullopt);
  EXPECT_EQ(picker.picked, std::vector<std::int64_t>{42});
  EXPECT_EQ(picker.notes, std::vector<std::string>{"blue"});
  const auto notices = testing::events_of<NoticeEvent>(events);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].message, "picked 42");
}

TEST(ActionTable, AnActionWithoutPayloadRunsItsHandler) {
  UseCaseHarness harness;
  PickerUseCase picker;
  EXPECT_EQ(widget::action_json(kReset), json({{"type", "reset"}}));
  harness.click(picker, Action{.type = "reset", .payload = nullptr}, std::nullopt);
  EXPECT_EQ(picker.resets, 1);
  EXPECT_TRUE(picker.picked.empty());
}

TEST(ActionTable, APayloadThatDoesNotDecodeEndsTheStreamNamingTheField) {
  UseCaseHarness harness;
  PickerUseCase picker;
  const auto error = run_error(harness, picker, Action{.type = "pick", .payload = {{"id", "seven"}}});
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->code, "custom");
  EXPECT_NE(error->message->find("'pick'"), std::string::npos) << *error->message;
  EXPECT_NE(error->message->find("$.id"), std::string::npos) << *error->message;
  EXPECT_TRUE(picker.picked.empty());
  const auto missing = run_error(harness, picker, Action{.type = "pick", .payload = nullptr});
  ASSERT_TRUE(missing.has_value());
  EXPECT_NE(missing->message->find("id"), std::string::npos) << *missing->message;
}

TEST(ActionTable, AnUnknownActionEndsTheStreamNamingTheOwner) {
  UseCaseHarness harness;
  PickerUseCase picker;
  const auto error = run_error(harness, picker, Action{.type = "explode", .payload = nullptr});
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(*error->message, "The picker card has no action 'explode'.");
}

TEST(ActionTable, StaleNotesComeFromTheSameEntryAndPayload) {
  PickerUseCase picker;
  const RequestContext who{.user_id = "ada", .locale = ""};
  EXPECT_EQ(picker.explain_stale_action(Action{.type = "pick", .payload = {{"id", 120}}}, who),
            std::optional<std::string>("item 120 is gone for ada"));
  EXPECT_EQ(picker.explain_stale_action(Action{.type = "pick", .payload = {{"id", 7}}}, who), std::nullopt);
  // Not decodable, no note on the entry, or no entry: the refusal stands.
  EXPECT_EQ(picker.explain_stale_action(Action{.type = "pick", .payload = {{"id", "x"}}}, who), std::nullopt);
  EXPECT_EQ(picker.explain_stale_action(Action{.type = "reset", .payload = nullptr}, who), std::nullopt);
  EXPECT_EQ(picker.explain_stale_action(Action{.type = "nope", .payload = nullptr}, who), std::nullopt);
}

TEST(ActionTable, ListsTheTypesItHandles) {
  PickerUseCase picker;
  EXPECT_TRUE(picker.table().handles("pick"));
  EXPECT_FALSE(picker.table().handles("pic"));
  EXPECT_EQ(picker.table().types(), (std::vector<std::string_view>{"pick", "reset"}));
}

}  // namespace
}  // namespace chatkit::server::kit
