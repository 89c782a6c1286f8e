#include "server/http/upload_edge.hpp"

#include "server/http/auth_request.hpp"
#include "server/http/mounts.hpp"

#include <charconv>

#include "core/protocol/responses.hpp"
#include "server/http/edge.hpp"
#include "server/http/multipart.hpp"

namespace chatkit::server {

namespace {

// Room for the multipart framing (boundaries, part headers, small fields) around the file.
constexpr std::size_t kMultipartSlack = 64 * 1024;

std::string_view header(const HttpRequest& request, http::field field) {
  const auto found = request.find(field);
  return found == request.end() ? std::string_view{} : std::string_view(found->value());
}

std::optional<std::uint64_t> declared_length(const HttpRequest& head) {
  const auto value = header(head, http::field::content_length);
  std::uint64_t length = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), length);
  if (value.empty() || ec != std::errc{} || end != value.data() + value.size()) return std::nullopt;
  return length;
}

// Where the body's bytes go: straight into the upload, or through the multipart reader.
class UploadBody final : public PreparedUpload, MultipartHandler {
 public:
  UploadBody(std::unique_ptr<Upload> upload, std::optional<std::string> boundary, HeaderList cors, Exchange& exchange,
          const RequestContext& context, AttachmentService& service)
      : upload_(std::move(upload)), cors_(std::move(cors)), exchange_(exchange), context_(context), service_(service) {
    if (boundary) multipart_.emplace(std::move(*boundary), static_cast<MultipartHandler&>(*this));
  }

  std::size_t body_limit() const override { return upload_->limit() + (multipart_ ? kMultipartSlack : 0); }

  Status write(std::string_view bytes) override {
    if (multipart_) return multipart_->feed(bytes);
    return upload_->write(bytes);
  }

  Reply finish() override {
    if (multipart_) {
      if (auto status = multipart_->finish(); !status) return refusal(status.error());
      if (!saw_file_) {
        return refusal(make_error(ErrorCode::invalid_request, "the multipart/form-data body has no part named \"file\""));
      }
    }
    auto record = upload_->finish();
    if (!record) return refusal(record.error());
    service_.present(*record, context_);
    auto reply = json_reply(encode_attachment(*record));
    reply.headers = cors_;
    return reply;
  }

  Reply refusal(const Error& error) override { return api_error(error, cors_, exchange_); }

  // MultipartHandler: the part named "file" is the upload; other parts are skipped.
  Status begin_part(const MultipartPart& part) override {
    in_file_ = part.name == "file";
    if (!in_file_) return ok_status();
    if (saw_file_) return make_error(ErrorCode::invalid_request, "the multipart/form-data body has two parts named \"file\"");
    saw_file_ = true;
    return upload_->describe(part.filename.value_or(""), part.content_type);
  }
  Status part_data(std::string_view bytes) override { return in_file_ ? upload_->write(bytes) : ok_status(); }
  Status end_part() override {
    in_file_ = false;
    return ok_status();
  }

 private:
  std::unique_ptr<Upload> upload_;
  std::optional<MultipartReader> multipart_;
  HeaderList cors_;
  Exchange& exchange_;
  RequestContext context_;
  AttachmentService& service_;
  bool in_file_ = false;
  bool saw_file_ = false;
};

// The credentials of a request that need not have any: nullopt without an Authorization header.
Result<std::optional<std::string>> optional_user(const HttpRequest& head, ServerParts& parts) {
  const auto authorization = header(head, http::field::authorization);
  if (authorization.empty()) return std::optional<std::string>{};
  auto context = parts.auth.authenticate({.authorization = authorization, .accept_language = {}});
  if (!context) return context.error();
  return std::optional<std::string>{context->user_id};
}

// Who uploads, and into which upload: the authenticated user's new attachment (direct), or the
// signed link's pending one.
Result<std::pair<RequestContext, std::unique_ptr<Upload>>> begin(const HttpRequest& head, const Route& route,
                                                                 ServerParts& parts, Exchange& exchange) {
  auto& service = *parts.attachments;
  const std::string base_url = base_url_of(head, parts);
  if (route.kind == RouteKind::direct_upload) {
    auto context = parts.auth.authenticate(auth_request_of(head, exchange, parts.auth));
    if (!context) return context.error();
    context->base_url = base_url;
    exchange.user_id = context->user_id;
    auto mounted = mounted_use_case(route, parts);
    if (!mounted) return mounted.error();
    if (auto scoped = scope_to(*context, *mounted, parts); !scoped) return scoped.error();
    auto upload = service.begin_direct_upload(*context);
    if (!upload) return upload.error();
    return std::pair{std::move(*context), std::move(*upload)};
  }
  auto user = optional_user(head, parts);
  if (!user) return user.error();
  auto upload = service.begin_signed_upload(route.attachment_id, target_query(head.target()), *user, base_url);
  if (!upload) return upload.error();
  RequestContext context = (*upload)->target_context();
  context.base_url = base_url;
  exchange.user_id = context.user_id;
  return std::pair{std::move(context), std::move(*upload)};
}

}  // namespace

UploadStart prepare_upload(const HttpRequest& head, const Route& route, ServerParts& parts, Exchange& exchange) {
  exchange.request_type = route.kind == RouteKind::direct_upload ? "attachments.upload_direct" : "attachments.upload";
  auto cors = cors_headers(head, parts.cors);
  if (!parts.attachments) {
    return api_error(make_error(ErrorCode::not_implemented, "this server has no attachment store"), cors, exchange);
  }
  if (auto mounted = mounted_use_case(route, parts); !mounted) return api_error(mounted.error(), cors, exchange);
  if (foreign_origin(head, parts.cors)) {
    return api_error(make_error(ErrorCode::forbidden, "uploads from origin '" +
                                                          std::string(header(head, http::field::origin)) +
                                                          "' are not allowed (see --cors-origins)"),
                     cors, exchange);
  }
  const auto content_type = header(head, http::field::content_type);
  auto boundary = multipart_boundary(content_type);
  if (route.kind == RouteKind::direct_upload && !boundary) {
    return api_error(make_error(ErrorCode::unsupported_media_type,
                                "a direct upload is multipart/form-data with a part named \"file\""),
                     cors, exchange);
  }
  auto begun = begin(head, route, parts, exchange);
  if (!begun) return api_error(begun.error(), cors, exchange);
  auto& [context, upload] = *begun;
  // A raw body is the file itself: its Content-Type is the file's.
  if (!boundary) {
    if (auto status = upload->describe("", content_type); !status) return api_error(status.error(), cors, exchange);
  }
  auto prepared = std::make_unique<UploadBody>(std::move(upload), std::move(boundary), std::move(cors), exchange, context,
                                            *parts.attachments);
  // A length over the limit is refused before a byte of the body is read.
  if (const auto length = declared_length(head); length && *length > prepared->body_limit()) {
    return prepared->refusal(make_error(ErrorCode::payload_too_large,
                                        "the body has " + std::to_string(*length) + " bytes; this upload takes at most " +
                                            std::to_string(prepared->body_limit())));
  }
  return prepared;
}

Reply answer_whole_upload(const HttpRequest& request, const Route& route, ServerParts& parts, Exchange& exchange) {
  auto start = prepare_upload(request, route, parts, exchange);
  if (auto* reply = std::get_if<Reply>(&start)) return std::move(*reply);
  auto& upload = *std::get<std::unique_ptr<PreparedUpload>>(start);
  if (request.body().size() > upload.body_limit()) {
    return upload.refusal(make_error(ErrorCode::payload_too_large, "the body is larger than this upload takes"));
  }
  if (auto status = upload.write(request.body()); !status) return upload.refusal(status.error());
  return upload.finish();
}

}  // namespace chatkit::server
