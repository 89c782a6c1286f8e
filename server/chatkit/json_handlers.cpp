// The JSON requests (docs/PROTOCOL.md §2.7-§2.17): one handler each, returning the response body.
#include <array>

#include "core/action_validation.hpp"
#include "core/protocol/responses.hpp"
#include "server/chatkit/chatkit_server.hpp"
#include "server/chatkit/lookups.hpp"
#include "server/common/media_type.hpp"

namespace chatkit::server {

namespace {

constexpr std::int64_t kMaxPageSize = 1000;

Result<int> page_size(const std::optional<std::int64_t>& limit) {
  const auto size = effective_limit(limit);
  if (size < 1 || size > kMaxPageSize) {
    return make_error(ErrorCode::invalid_request,
                      "limit must be between 0 and " + std::to_string(kMaxPageSize) + " (0 or null means 20)",
                      "$.params.limit");
  }
  return static_cast<int>(size);
}

Result<json> empty_object_or(const Status& status, std::string path = {}) {
  if (!status) return at_path(status.error(), std::move(path));
  return json::object();
}

// Standard base64 (padding required, as browsers' btoa produces); anything else is refused.
Result<std::string> decode_base64(std::string_view text) {
  static const auto kTable = [] {
    std::array<int, 256> table{};
    table.fill(-1);
    const std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < alphabet.size(); ++i) table[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
    return table;
  }();
  const auto bad = make_error(ErrorCode::invalid_request, "audio_base64 is not valid base64", "$.params.audio_base64");
  if (text.size() % 4 != 0) return bad;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  for (std::size_t i = 0; i < text.size(); i += 4) {
    const bool last = i + 4 == text.size();
    const int pad = last ? (text[i + 3] == '=') + (text[i + 2] == '=') : 0;
    std::uint32_t bits = 0;
    for (int k = 0; k < 4; ++k) {
      const int value = k >= 4 - pad ? 0 : kTable[static_cast<unsigned char>(text[i + k])];
      if (value < 0) return bad;
      bits = (bits << 6) | static_cast<std::uint32_t>(value);
    }
    out += static_cast<char>((bits >> 16) & 0xFF);
    if (pad < 2) out += static_cast<char>((bits >> 8) & 0xFF);
    if (pad < 1) out += static_cast<char>(bits & 0xFF);
  }
  return out;
}

Error no_attachment_store() {
  return make_error(ErrorCode::not_implemented,
                    "attachments need an attachment store, and this server has none configured");
}

// The audio of input.transcribe (§2.17): base64 that decodes to some bytes, of an audio type.
Result<TranscriptionRequest> transcription_input(const TranscribeParams& params) {
  auto audio = decode_base64(params.audio_base64);
  if (!audio) return audio.error();
  if (audio->empty()) return make_error(ErrorCode::invalid_request, "the audio is empty", "$.params.audio_base64");
  std::string type = normalize_media_type(params.mime_type);
  if (!type.starts_with("audio/") && type != "video/webm" && type != "video/mp4") {
    return make_error(ErrorCode::unsupported_media_type,
                      "\"" + params.mime_type.substr(0, 80) + "\" is not an audio type (audio/*, video/webm, video/mp4)",
                      "$.params.mime_type");
  }
  return TranscriptionRequest{.audio = std::move(*audio), .media_type = std::move(type)};
}

}  // namespace

Result<json> ChatKitServer::handle_one(const SyncCustomAction& request, const RequestContext& context) {
  auto thread = find_thread(store_, request.params.thread_id, context);
  if (!thread) return thread.error();
  auto sender = find_sender(store_, thread->id, request.params.item_id, request.params.action, context);
  if (!sender) return sender.error();
  const ThreadMetadata before = *thread;
  auto response = use_case_.sync_action(
      {.thread = *thread, .action = request.params.action, .sender = *sender, .context = context, .store = store_});
  if (!response) return response.error();
  // Persisted, unlike the reference (§2.7): a reload shows what the client now shows.
  if (response->updated_item) {
    if (auto status = store_.save_item(thread->id, *response->updated_item, context); !status) return status.error();
  }
  if (metadata_changed(before, *thread)) {
    if (auto status = store_.update_thread(*thread, context); !status) return status.error();
  }
  return encode_sync_action_response(*response);
}

Result<json> ChatKitServer::handle_one(const GetThreadById& request, const RequestContext& context) {
  auto thread = find_thread(store_, request.params.thread_id, context);
  if (!thread) return thread.error();
  auto items = store_.load_thread_items(thread->id, std::nullopt, 20, SortOrder::asc, context);
  if (!items) return items.error();
  present(items->data, context);
  json body = encode_thread(client_view(*thread, std::move(*items)));
  if (auto run = active_run(thread->id)) body["active_run"] = {{"id", *run}};
  return body;
}

Result<json> ChatKitServer::handle_one(const ListThreads& request, const RequestContext& context) {
  auto size = page_size(request.params.limit);
  if (!size) return size.error();
  auto threads = store_.load_threads(*size, request.params.after, request.params.order, context);
  if (!threads) return at_path(threads.error(), "$.params.after");
  Page<Thread> page{.data = {}, .has_more = threads->has_more, .after = threads->after};
  for (const auto& thread : threads->data) page.data.push_back(client_view(thread));
  return encode_thread_page(page);
}

Result<json> ChatKitServer::handle_one(const ListItems& request, const RequestContext& context) {
  auto size = page_size(request.params.limit);
  if (!size) return size.error();
  // Another user's thread is not found (the store alone would answer with an empty page).
  auto thread = find_thread(store_, request.params.thread_id, context);
  if (!thread) return thread.error();
  auto items = store_.load_thread_items(thread->id, request.params.after, *size, request.params.order, context);
  if (!items) return at_path(items.error(), "$.params.after");
  std::erase_if(items->data, [](const ThreadItem& item) { return is_hidden(item); });
  present(items->data, context);
  return encode_item_page(*items);
}

Result<json> ChatKitServer::handle_one(const UpdateThread& request, const RequestContext& context) {
  auto thread = find_thread(store_, request.params.thread_id, context);
  if (!thread) return thread.error();
  thread->title = request.params.title;
  if (auto status = store_.update_thread(*thread, context); !status) return status.error();
  return encode_thread(client_view(*thread));
}

Result<json> ChatKitServer::handle_one(const DeleteThread& request, const RequestContext& context) {
  if (auto status = store_.delete_thread(request.params.thread_id, context); !status) {
    return at_path(status.error(), "$.params.thread_id");
  }
  // Then what its messages carried. Should that fail, the sweep finds the records later (§2.16).
  if (options_.attachments) (void)options_.attachments->delete_thread_attachments(request.params.thread_id, context);
  return json::object();
}

Result<json> ChatKitServer::handle_one(const SubmitFeedback& request, const RequestContext& context) {
  auto thread = find_thread(store_, request.params.thread_id, context);
  if (!thread) return thread.error();
  return empty_object_or(use_case_.feedback({.thread_id = thread->id,
                                             .item_ids = request.params.item_ids,
                                             .kind = request.params.kind,
                                             .context = context}));
}

Result<json> ChatKitServer::handle_one(const CreateAttachment& request, const RequestContext& context) {
  if (!options_.attachments) return no_attachment_store();
  auto created = options_.attachments->create(request.params, context);
  if (!created) return created.error();
  return encode_attachment(*created);
}

Result<json> ChatKitServer::handle_one(const DeleteAttachment& request, const RequestContext& context) {
  if (!options_.attachments) return no_attachment_store();
  return empty_object_or(options_.attachments->remove(request.params.attachment_id, context), "$.params.attachment_id");
}

Result<json> ChatKitServer::handle_one(const Transcribe& request, const RequestContext& context) {
  auto audio = transcription_input(request.params);
  if (!audio) return audio.error();
  auto text = use_case_.transcribe(audio->audio, audio->media_type, context);
  if (!text) return text.error();
  return encode_transcription(TranscriptionResult{.text = std::move(*text)});
}

awaitable<Result<json>> ChatKitServer::transcribe(const Transcribe& request, const RequestContext& context) {
  auto answered = handle_one(request, context);
  // The use case's default declines: the model's speech-to-text answers instead.
  if (answered || answered.error().code != ErrorCode::not_implemented) co_return answered;
  Transcriber* transcriber = model_.transcriber();
  if (!transcriber) co_return make_error(ErrorCode::not_implemented, model_.transcription_missing());
  auto audio = transcription_input(request.params);
  std::string text;
  std::optional<Error> failure;
  try {
    text = co_await transcriber->transcribe(*audio);
  } catch (const ModelError& e) {
    failure = make_error(ErrorCode::upstream_error, e.what());
  }
  if (failure) co_return *failure;
  co_return encode_transcription(TranscriptionResult{.text = std::move(text)});
}

}  // namespace chatkit::server
