#include "server/http/multipart.hpp"

#include <map>

#include "core/text.hpp"

namespace chatkit::server {

namespace {

constexpr std::size_t kMaxPartHeaderBytes = 16 * 1024;

Error malformed(std::string why) {
  return make_error(ErrorCode::invalid_request, "malformed multipart/form-data body: " + std::move(why));
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 5987 ext-value: "UTF-8''na%C3%AFve.txt" -> "naïve.txt"; nullopt for another charset or bad escapes.
std::optional<std::string> decode_ext_value(std::string_view value) {
  const auto quote = value.find("''");
  if (quote == std::string_view::npos || !iequals(value.substr(0, quote), "utf-8")) return std::nullopt;
  std::string out;
  for (std::size_t i = quote + 2; i < value.size(); ++i) {
    if (value[i] != '%') {
      out += value[i];
      continue;
    }
    if (i + 2 >= value.size() || hex_digit(value[i + 1]) < 0 || hex_digit(value[i + 2]) < 0) return std::nullopt;
    out += static_cast<char>(hex_digit(value[i + 1]) * 16 + hex_digit(value[i + 2]));
    i += 2;
  }
  return out;
}

// The parameters of a header value: `form-data; name="file"; filename="a b.png"` -> {name, filename}.
// Quoted strings may escape with a backslash; names are lower-cased.
std::map<std::string, std::string> header_parameters(std::string_view value) {
  std::map<std::string, std::string> parameters;
  std::size_t at = value.find(';');
  while (at != std::string_view::npos && at < value.size()) {
    ++at;
    const auto eq = value.find('=', at);
    if (eq == std::string_view::npos) break;
    const std::string name = ascii_lowercase(trim(value.substr(at, eq - at)));
    std::size_t i = eq + 1;
    while (i < value.size() && (value[i] == ' ' || value[i] == '\t')) ++i;
    std::string parsed;
    if (i < value.size() && value[i] == '"') {
      for (++i; i < value.size() && value[i] != '"'; ++i) {
        if (value[i] == '\\' && i + 1 < value.size()) ++i;
        parsed += value[i];
      }
      at = value.find(';', i);
    } else {
      const auto end = value.find(';', i);
      parsed = std::string(trim(value.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i)));
      at = end;
    }
    parameters.emplace(name, std::move(parsed));
  }
  return parameters;
}

}  // namespace

std::optional<std::string> multipart_boundary(std::string_view content_type) {
  const auto semicolon = content_type.find(';');
  if (!iequals(trim(content_type.substr(0, semicolon)), "multipart/form-data")) return std::nullopt;
  const auto parameters = header_parameters(content_type);
  const auto boundary = parameters.find("boundary");
  if (boundary == parameters.end() || boundary->second.empty() || boundary->second.size() > 70) return std::nullopt;
  return boundary->second;
}

MultipartReader::MultipartReader(std::string boundary, MultipartHandler& handler)
    : delimiter_("\r\n--" + std::move(boundary)), handler_(handler), pending_("\r\n") {}
// (pending_ starts with CRLF so that a first boundary at the very start is found like any other.)

Status MultipartReader::read_headers(std::string_view block) {
  MultipartPart part;
  bool disposition = false;
  while (!block.empty()) {
    const auto end = block.find("\r\n");
    const auto line = block.substr(0, end);
    block = end == std::string_view::npos ? std::string_view{} : block.substr(end + 2);
    const auto colon = line.find(':');
    if (colon == std::string_view::npos) return malformed("a part header line without ':'");
    const auto name = trim(line.substr(0, colon));
    const auto value = trim(line.substr(colon + 1));
    if (iequals(name, "content-type")) part.content_type = std::string(value);
    if (!iequals(name, "content-disposition")) continue;
    disposition = true;
    auto parameters = header_parameters(value);
    part.name = parameters["name"];
    if (const auto extended = parameters.find("filename*"); extended != parameters.end()) {
      part.filename = decode_ext_value(extended->second);
    }
    if (const auto plain = parameters.find("filename"); !part.filename && plain != parameters.end()) {
      part.filename = plain->second;
    }
  }
  if (!disposition) return malformed("a part without Content-Disposition");
  return handler_.begin_part(part);
}

Status MultipartReader::step(bool& progressed) {
  progressed = false;
  switch (state_) {
    case State::preamble: {
      const auto found = pending_.find(delimiter_);
      if (found == std::string::npos) {
        // Preamble is ignored; only what may be the start of the first boundary is kept.
        if (pending_.size() >= delimiter_.size()) pending_.erase(0, pending_.size() - (delimiter_.size() - 1));
        return ok_status();
      }
      pending_.erase(0, found + delimiter_.size());
      state_ = State::after_boundary;
      progressed = true;
      return ok_status();
    }
    case State::after_boundary: {
      if (pending_.size() < 2) return ok_status();
      if (pending_.starts_with("--")) {
        pending_.clear();
        state_ = State::epilogue;
        progressed = true;
        return ok_status();
      }
      // Transport padding (blanks) may follow a boundary before its CRLF.
      const auto first = pending_.find_first_not_of(" \t");
      if (first == std::string::npos || first + 2 > pending_.size()) {
        if (pending_.size() > 1024) return malformed("blanks after a boundary without end");
        return ok_status();
      }
      if (pending_.compare(first, 2, "\r\n") != 0) return malformed("a boundary not followed by CRLF or '--'");
      pending_.erase(0, first + 2);
      state_ = State::headers;
      progressed = true;
      return ok_status();
    }
    case State::headers: {
      const bool empty_block = pending_.starts_with("\r\n");
      const auto end = empty_block ? 0 : pending_.find("\r\n\r\n");
      if (!empty_block && end == std::string::npos) {
        if (pending_.size() > kMaxPartHeaderBytes) return malformed("a part's headers are longer than 16 KiB");
        return ok_status();
      }
      if (auto status = read_headers(std::string_view(pending_).substr(0, end)); !status) return status;
      pending_.erase(0, empty_block ? 2 : end + 4);
      state_ = State::data;
      progressed = true;
      return ok_status();
    }
    case State::data: {
      const auto found = pending_.find(delimiter_);
      if (found == std::string::npos) {
        // All but what may be the start of the next boundary.
        const std::size_t keep = delimiter_.size() - 1;
        if (pending_.size() <= keep) return ok_status();
        const std::size_t ready = pending_.size() - keep;
        if (auto status = handler_.part_data(std::string_view(pending_).substr(0, ready)); !status) return status;
        pending_.erase(0, ready);
        return ok_status();
      }
      if (found > 0) {
        if (auto status = handler_.part_data(std::string_view(pending_).substr(0, found)); !status) return status;
      }
      if (auto status = handler_.end_part(); !status) return status;
      pending_.erase(0, found + delimiter_.size());
      state_ = State::after_boundary;
      progressed = true;
      return ok_status();
    }
    case State::epilogue: pending_.clear(); return ok_status();
  }
  return ok_status();
}

Status MultipartReader::feed(std::string_view bytes) {
  pending_.append(bytes);
  for (bool progressed = true; progressed;) {
    if (auto status = step(progressed); !status) return status;
  }
  return ok_status();
}

Status MultipartReader::finish() {
  if (state_ != State::epilogue) return malformed("the body ended before the closing boundary");
  return ok_status();
}

}  // namespace chatkit::server
