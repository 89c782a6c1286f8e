#include "server/models/offline/offline_model.hpp"

#include <algorithm>
#include <charconv>

#include "server/common/clock.hpp"
#include "server/common/media_type.hpp"
#include "server/models/derived_title.hpp"
#include "server/models/offline/phrase_match.hpp"
#include "server/models/text_stream.hpp"

namespace chatkit::server {

namespace {

using nlohmann::json;

constexpr std::string_view kHiddenMarker = "<hidden_context>";
constexpr int kMaxCount = 2000;

bool offers(const ModelRequest& request, std::string_view tool) {
  return std::any_of(request.tools.begin(), request.tools.end(), [&](const ToolSpec& t) { return t.name == tool; });
}

// A skill is used only when the request offers every tool it calls.
bool usable(const ModelRequest& request, const OfflineSkill& skill) {
  const auto names = skill.tool_names();
  return std::all_of(names.begin(), names.end(), [&](const std::string& name) { return offers(request, name); });
}

// Index of the newest message the user typed (hidden context is not typed), or -1.
int newest_user_message(const ModelRequest& request) {
  for (int i = static_cast<int>(request.input.size()) - 1; i >= 0; --i) {
    const auto* message = std::get_if<ModelMessage>(&request.input[static_cast<std::size_t>(i)]);
    if (message && message->role == MessageRole::user && !message->text.starts_with(kHiddenMarker)) return i;
  }
  return -1;
}

// The calls made since the user's newest message, with their outputs.
std::vector<ToolExchange> exchanges_since(const ModelRequest& request, int start) {
  std::vector<ToolExchange> exchanges;
  for (std::size_t i = static_cast<std::size_t>(start) + 1; i < request.input.size(); ++i) {
    if (const auto* call = std::get_if<FunctionCall>(&request.input[i])) {
      exchanges.push_back({call->name, json::parse(call->arguments, nullptr, false), json()});
    } else if (const auto* output = std::get_if<FunctionOutput>(&request.input[i]); output && !exchanges.empty()) {
      json parsed = json::parse(output->output, nullptr, false);
      exchanges.back().output = parsed.is_discarded() ? json(output->output) : std::move(parsed);
    }
  }
  return exchanges;
}

std::string count_to(int n) {
  std::string text;
  for (int i = 1; i <= n; ++i) text += std::to_string(i) + (i < n ? " " : ".");
  return text;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_word_char(char c) { return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }

// N of "count to N …" or "count up to N …": 1 to 6 digits, ending the number ("5," but not "5k").
std::optional<int> count_request(std::string_view message) {
  static const Phrase count("count to|up_to …");
  const auto match = count.match(message);
  if (!match) return std::nullopt;
  const std::string_view rest = match->front();
  const auto digits = static_cast<std::size_t>(std::find_if_not(rest.begin(), rest.end(), is_digit) - rest.begin());
  if (digits == 0 || digits > 6 || (digits < rest.size() && is_word_char(rest[digits]))) return std::nullopt;
  int n = 0;
  std::from_chars(rest.data(), rest.data() + digits, n);
  return n;
}

// Phrasings every use case has: "count to N" gives a long answer to try the stop button on.
std::optional<std::string> built_in_reply(std::string_view message) {
  if (const auto n = count_request(message)) return count_to(std::clamp(*n, 1, kMaxCount));
  return std::nullopt;
}

std::string introduction(std::string_view message) {
  return "I am the offline model: a few built-in rules, not a language model, so I only understand the phrasings "
         "of this use case. Set --model openai or --model azure for real answers. You said: \"" +
         std::string(message) + "\"";
}

// "word " pieces, so that the text streams word by word and the pieces add up to the text.
std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(' ', start);
    end = end == std::string::npos ? text.size() : end + 1;
    words.push_back(text.substr(start, end - start));
    start = end;
  }
  return words;
}

std::string lines_of(const std::string& text) {
  std::size_t lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
  if (!text.empty() && text.back() != '\n') ++lines;
  return std::to_string(lines) + (lines == 1 ? " line" : " lines");
}

// "photo.png (image/png, 70 bytes, 2×3 pixels)"
std::string describe_file(const AttachedFile& file) {
  std::string text = file.name + " (" + file.mime_type;
  if (!file.missing.empty()) return text + ", no longer available)";
  text += ", " + std::to_string(file.size) + (file.size == 1 ? " byte" : " bytes");
  if (file.kind == AttachedFile::Kind::image) {
    if (const auto pixels = image_pixel_size(file.data)) {
      text += ", " + std::to_string(pixels->width) + "×" + std::to_string(pixels->height) + " pixels";
    }
  }
  if (file.kind == AttachedFile::Kind::text) text += ", " + lines_of(file.data);
  return text + ")";
}

// What the offline model can say about attachments: what they are, not what they show.
std::string describe_files(const std::vector<AttachedFile>& files) {
  std::string text = files.size() == 1 ? "You attached one file: " : "You attached " + std::to_string(files.size()) + " files: ";
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (i > 0) text += i + 1 == files.size() ? " and " : ", ";
    text += describe_file(files[i]);
  }
  return text + ". I am the offline model, so I can tell what they are, not what is in them.";
}

}  // namespace

std::optional<std::string> OfflineModel::local_title(std::string_view first_message) const {
  return derive_title(first_message);
}

OfflineModel::OfflineModel(Options options, std::vector<std::shared_ptr<const OfflineSkill>> skills)
    : options_(options), skills_(std::move(skills)), name_("offline:" + std::to_string(options.word_delay.count())) {}

const OfflineSkill* OfflineModel::skill_for(const ModelRequest& request, std::string_view tool) const {
  for (const auto& skill : skills_) {
    const auto names = skill->tool_names();
    const bool owns = tool.empty() || std::find(names.begin(), names.end(), tool) != names.end();
    if (owns && usable(request, *skill)) return skill.get();
  }
  return nullptr;
}

OfflineModel::Answer OfflineModel::answer_message(const ModelRequest& request, std::string_view message) const {
  if (auto reply = built_in_reply(message)) return {.calls = {}, .text = std::move(*reply)};
  for (const auto& skill : skills_) {
    if (!usable(request, *skill)) continue;
    if (auto calls = skill->plan(message); !calls.empty()) return {.calls = std::move(calls), .text = {}};
  }
  if (const OfflineSkill* skill = skill_for(request, "")) return {.calls = {}, .text = skill->help()};
  return {.calls = {}, .text = introduction(message)};
}

OfflineModel::Answer OfflineModel::answer(const ModelRequest& request) const {
  const int newest = newest_user_message(request);
  if (newest < 0) return {.calls = {}, .text = "Hello! What can I do for you?"};
  const auto& newest_message = std::get<ModelMessage>(request.input[static_cast<std::size_t>(newest)]);
  const auto& message = newest_message.text;
  if (request.purpose == RequestPurpose::title) return {.calls = {}, .text = derive_title(message)};
  const auto exchanges = exchanges_since(request, newest);
  if (exchanges.empty() && !newest_message.files.empty()) return {.calls = {}, .text = describe_files(newest_message.files)};
  if (exchanges.empty()) return answer_message(request, message);
  if (const OfflineSkill* skill = skill_for(request, exchanges.front().name)) {
    return {.calls = {}, .text = skill->reply(exchanges)};
  }
  return {.calls = {}, .text = "Done."};
}

awaitable<void> OfflineModel::stream(const ModelRequest& request, ModelEventSink& sink) {
  Answer planned = answer(request);
  if (!request.tools.empty() && !planned.calls.empty()) {
    for (auto& call : planned.calls) {
      ModelEvent event = ToolCallRequested{FunctionCall{
          .call_id = random_id(IdKind::tool_call), .name = call.name, .arguments = call.arguments.dump()}};
      co_await sink.on_event(std::move(event));
    }
    co_return;
  }
  if (planned.text.empty()) planned.text = "Done.";
  co_await stream_text_message(words_of(planned.text), {.delay = options_.word_delay}, sink);
}

}  // namespace chatkit::server
