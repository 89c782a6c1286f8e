#include "server/http/multipart.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace chatkit::server {
namespace {

// Records the parts as "name|filename|type|data".
class Recorder final : public MultipartHandler {
 public:
  Status begin_part(const MultipartPart& part) override {
    parts.push_back(part.name + "|" + part.filename.value_or("<none>") + "|" + part.content_type + "|");
    return ok_status();
  }
  Status part_data(std::string_view bytes) override {
    parts.back() += bytes;
    return ok_status();
  }
  Status end_part() override {
    parts.back() += "$";
    return ok_status();
  }
  std::vector<std::string> parts;
};

const std::string kBody =
    "preamble to ignore\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"purpose\"\r\n"
    "\r\n"
    "vision\r\n"
    "--XyZ  \r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"a \\\"b\\\".png\"\r\n"
    "Content-Type: image/png\r\n"
    "\r\n"
    "\x89PNG\r\n--Xy\r\n-XyZ\r\n\r\n"
    "--XyZ--\r\n"
    "epilogue";

// Feeds the body in pieces of `size` bytes.
std::vector<std::string> read_in_pieces(const std::string& body, std::size_t size, Status* finished = nullptr) {
  Recorder recorder;
  MultipartReader reader("XyZ", recorder);
  for (std::size_t at = 0; at < body.size(); at += size) {
    auto status = reader.feed(std::string_view(body).substr(at, size));
    EXPECT_TRUE(status) << describe(status.error());
  }
  auto status = reader.finish();
  if (finished) *finished = status;
  else EXPECT_TRUE(status) << describe(status.error());
  return recorder.parts;
}

TEST(Multipart, ReadsPartsWhateverTheReadBoundaries) {
  const std::vector<std::string> expected = {"purpose|<none>||vision$",
                                             "file|a \"b\".png|image/png|\x89PNG\r\n--Xy\r\n-XyZ\r\n$"};
  for (std::size_t size = 1; size <= kBody.size(); ++size) {
    EXPECT_EQ(read_in_pieces(kBody, size), expected) << "pieces of " << size;
  }
}

TEST(Multipart, BoundaryFromTheContentType) {
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=----WebKitFormBoundary7MA4"), "----WebKitFormBoundary7MA4");
  EXPECT_EQ(multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""), "a b");
  EXPECT_EQ(multipart_boundary("multipart/form-data"), std::nullopt);
  EXPECT_EQ(multipart_boundary("multipart/mixed; boundary=x"), std::nullopt);
  EXPECT_EQ(multipart_boundary("image/png"), std::nullopt);
  EXPECT_EQ(multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')), std::nullopt);
}

TEST(Multipart, ExtendedFileNamesWin) {
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"fallback.txt\"; "
      "filename*=UTF-8''na%C3%AFve.txt\r\n\r\nhi\r\n--XyZ--";
  EXPECT_EQ(read_in_pieces(body, 5), std::vector<std::string>{"file|na\xC3\xAFve.txt||hi$"});
}

TEST(Multipart, AnEmptyPartAndNoPreamble) {
  const std::string body = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"e\"\r\n\r\n\r\n--XyZ--\r\n";
  EXPECT_EQ(read_in_pieces(body, 3), std::vector<std::string>{"file|e||$"});
}

TEST(Multipart, BrokenBodiesAreRefused) {
  Status finished = ok_status();
  read_in_pieces("--XyZ\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\ncut short", 4, &finished);
  ASSERT_FALSE(finished);
  EXPECT_EQ(finished.error().code, ErrorCode::invalid_request);

  Recorder recorder;
  MultipartReader no_disposition("XyZ", recorder);
  EXPECT_FALSE(no_disposition.feed("--XyZ\r\nContent-Type: text/plain\r\n\r\nx\r\n--XyZ--"));

  MultipartReader garbage_after_boundary("XyZ", recorder);
  EXPECT_FALSE(garbage_after_boundary.feed("--XyZjunk\r\n"));

  MultipartReader endless_headers("XyZ", recorder);
  EXPECT_FALSE(endless_headers.feed("--XyZ\r\nX-Long: " + std::string(20000, 'a')));
}

TEST(Multipart, TheHandlersRefusalStopsTheRead) {
  class Refuser final : public MultipartHandler {
   public:
    Status begin_part(const MultipartPart&) override { return make_error(ErrorCode::unsupported_media_type, "no"); }
    Status part_data(std::string_view) override { return ok_status(); }
    Status end_part() override { return ok_status(); }
  } refuser;
  MultipartReader reader("XyZ", refuser);
  auto status = reader.feed(kBody);
  ASSERT_FALSE(status);
  EXPECT_EQ(status.error().code, ErrorCode::unsupported_media_type);
}

}  // namespace
}  // namespace chatkit::server
