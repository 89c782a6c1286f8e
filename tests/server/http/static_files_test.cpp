#include "server/http/static_files.hpp"

#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <unistd.h>
#include <nlohmann/json.hpp>

namespace chatkit::server {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kSecret = "TOP-SECRET-BYTES";

void write_file(const fs::path& path, std::string_view bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string gunzip(const std::string& packed) {
  z_stream stream{};
  EXPECT_EQ(inflateInit2(&stream, 15 + 16), Z_OK);
  std::string out(1 << 20, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(packed.data()));
  stream.avail_in = static_cast<uInt>(packed.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  EXPECT_EQ(inflate(&stream, Z_FINISH), Z_STREAM_END);
  out.resize(stream.total_out);
  inflateEnd(&stream);
  return out;
}

std::string make_script() {
  std::string script;
  for (int i = 0; i < 200; ++i) script += "export const value" + std::to_string(i) + " = " + std::to_string(i) + ";\n";
  return script;
}

std::string make_wasm() {
  std::string bytes("\0asm\1\0\0\0", 8);
  for (int i = 0; i < 4096; ++i) bytes += static_cast<char>((i * 7919) % 251);
  return bytes;
}

// Each test gets its own tree under the system temp dir: root/ (the served directory) and
// outside/ (a secret the server must never reveal), removed afterwards.
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    base_ = fs::temp_directory_path() / ("chatkit-static-" + std::to_string(::getpid()) + "-" + info->name());
    fs::remove_all(base_);
    root_ = base_ / "root";
    write_file(root_ / "index.html", "<!doctype html><title>home</title>");
    write_file(root_ / "app.mjs", script_);
    write_file(root_ / "core.wasm", wasm_);
    write_file(root_ / "sub" / "index.html", "<p>sub</p>");
    write_file(root_ / "a b.css", "body{}");
    fs::create_directories(root_ / "empty");
    write_file(base_ / "outside" / "secret", kSecret);
    fs::create_symlink(base_ / "outside" / "secret", root_ / "escape");
    fs::create_directory_symlink(base_ / "outside", root_ / "escape_dir");
    fs::create_symlink("app.mjs", root_ / "alias.mjs");
    files_.emplace(root_);
  }
  void TearDown() override { fs::remove_all(base_); }

  StaticResponse get(std::string_view target, std::string_view accept_encoding = "",
                     std::string_view if_none_match = "") {
    return files_->serve(
        {.method = "GET", .target = target, .if_none_match = if_none_match, .accept_encoding = accept_encoding});
  }

  fs::path base_;
  fs::path root_;
  std::string script_ = make_script();
  std::string wasm_ = make_wasm();
  std::optional<StaticFiles> files_;
};

TEST(StaticFilesMimeType, ByExtensionCaseInsensitive) {
  EXPECT_EQ(mime_type("/app.mjs"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("/lib/x.JS"), "text/javascript; charset=utf-8");
  EXPECT_EQ(mime_type("core.wasm"), "application/wasm");
  EXPECT_EQ(mime_type("/INDEX.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(mime_type("/s.css"), "text/css; charset=utf-8");
  EXPECT_EQ(mime_type("/m.json"), "application/json");
  EXPECT_EQ(mime_type("/app.mjs.map"), "application/json");
  EXPECT_EQ(mime_type("/i.svg"), "image/svg+xml");
  EXPECT_EQ(mime_type("/f.woff2"), "font/woff2");
  EXPECT_EQ(mime_type("/chatkit.d.ts"), "application/typescript");
  EXPECT_EQ(mime_type("/v1.2/README"), "application/octet-stream");
  EXPECT_EQ(mime_type("/blob.xyz"), "application/octet-stream");
}

TEST_F(StaticFilesTest, ServesFilesWithTheirTypeAndCachePolicy) {
  const auto script = get("/app.mjs");
  EXPECT_EQ(script.status, 200);
  EXPECT_EQ(script.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(*script.body, script_);
  EXPECT_EQ(script.cache_control, "public, max-age=3600");
  EXPECT_FALSE(script.head);
  const auto wasm = get("/core.wasm");
  EXPECT_EQ(wasm.status, 200);
  EXPECT_EQ(wasm.content_type, "application/wasm");
  EXPECT_EQ(*wasm.body, wasm_);
}

// The contract of the web build (README: /chatkit.js): entry points are revalidated, content-hashed
// names are cached for good, anything else for an hour.
TEST_F(StaticFilesTest, EntryPointsAreRevalidatedAndHashedNamesAreImmutable) {
  write_file(root_ / "chatkit.js", "(function(){})();");
  write_file(root_ / "assets" / "chatkit-core.0123abcdef.wasm", wasm_);
  write_file(root_ / "assets" / "chatkit.9f8e7d6c5b.mjs", script_);
  write_file(root_ / "assets" / "page.0123456789.html", "<p>hashed page</p>");
  write_file(root_ / "assets" / "chatkit.0123ABCDEF.mjs", script_);   // upper case: not our build's hash
  write_file(root_ / "assets" / "chatkit.0123abcde.mjs", script_);    // 9 digits
  write_file(root_ / "assets" / "chatkit.0123abcdefa.mjs", script_);  // 11 digits
  write_file(root_ / "assets" / ".0123abcdef.mjs", script_);          // no name before the hash
  write_file(root_ / "assets" / "chatkit0123abcdef.mjs", script_);    // no dot before the hash

  const auto loader = get("/chatkit.js");
  EXPECT_EQ(loader.status, 200);
  EXPECT_EQ(loader.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(loader.cache_control, "no-cache");
  EXPECT_EQ(get("/sub/").cache_control, "no-cache") << "every page";
  EXPECT_EQ(get("/assets/page.0123456789.html").cache_control, "no-cache") << "a page is a page, hashed or not";

  const auto wasm = get("/assets/chatkit-core.0123abcdef.wasm");
  EXPECT_EQ(wasm.content_type, "application/wasm");
  EXPECT_EQ(wasm.cache_control, "public, max-age=31536000, immutable");
  const auto module = get("/assets/chatkit.9f8e7d6c5b.mjs?v=1");
  EXPECT_EQ(module.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(module.cache_control, "public, max-age=31536000, immutable");
  const auto revalidated = get("/assets/chatkit.9f8e7d6c5b.mjs", "", module.etag);
  EXPECT_EQ(revalidated.status, 304);
  EXPECT_EQ(revalidated.cache_control, "public, max-age=31536000, immutable") << "a 304 says it too";

  for (const char* other : {"/assets/chatkit.0123ABCDEF.mjs", "/assets/chatkit.0123abcde.mjs",
                            "/assets/chatkit.0123abcdefa.mjs", "/assets/.0123abcdef.mjs",
                            "/assets/chatkit0123abcdef.mjs", "/app.mjs", "/core.wasm"}) {
    const auto response = get(other);
    EXPECT_EQ(response.status, 200) << other;
    EXPECT_EQ(response.cache_control, "public, max-age=3600") << other;
  }
}

TEST_F(StaticFilesTest, RootServesIndexHtmlWithNoCache) {
  const auto response = get("/");
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(*response.body, "<!doctype html><title>home</title>");
  EXPECT_EQ(response.cache_control, "no-cache");
}

TEST_F(StaticFilesTest, DirectoryWithOrWithoutSlashServesItsIndex) {
  for (const auto* target : {"/sub/", "/sub", "/sub/index.html", "//sub/./"}) {
    const auto response = get(target);
    EXPECT_EQ(response.status, 200) << target;
    EXPECT_EQ(*response.body, "<p>sub</p>") << target;
  }
  EXPECT_EQ(get("/empty/").status, 404);
  EXPECT_EQ(get("/app.mjs/").status, 404);
}

TEST_F(StaticFilesTest, IgnoresQueryAndFragment) {
  EXPECT_EQ(*get("/app.mjs?v=3").body, script_);
  EXPECT_EQ(*get("/?lang=fr").body, "<!doctype html><title>home</title>");
  EXPECT_EQ(*get("/sub/#top").body, "<p>sub</p>");
}

TEST_F(StaticFilesTest, PercentDecodesThePath) {
  const auto spaced = get("/a%20b.css");
  EXPECT_EQ(spaced.status, 200);
  EXPECT_EQ(*spaced.body, "body{}");
  EXPECT_EQ(*get("/%61pp.mjs").body, script_);
}

TEST_F(StaticFilesTest, MalformedTargetsAre400) {
  for (const auto* target : {"/a%2", "/a%zz.css", "/%", "app.mjs", "/%00"}) {
    const auto response = get(target);
    EXPECT_EQ(response.status, 400) << target;
    ASSERT_TRUE(response.error) << target;
    EXPECT_EQ(response.error->code, ErrorCode::invalid_request) << target;
  }
}

TEST_F(StaticFilesTest, TraversalNeverRevealsFilesOutsideRoot) {
  for (const auto* target :
       {"/../outside/secret", "/%2e%2e/outside/secret", "/sub/../../outside/secret", "/..%2foutside%2fsecret", "/a\\b",
        "/..\\outside\\secret", "/%00", "/sub/%2E%2E/index.html", "/%2e%2e%2f%2e%2e%2fetc/passwd"}) {
    const auto response = get(target);
    EXPECT_TRUE(response.status == 404 || response.status == 400) << target << " -> " << response.status;
    EXPECT_EQ(response.body->find(kSecret), std::string::npos) << target;
    ASSERT_TRUE(response.error) << target;  // answered as an error, never as a file
  }
}

TEST_F(StaticFilesTest, SymlinksThatEscapeRootAre404) {
  EXPECT_EQ(get("/escape").status, 404);
  EXPECT_EQ(get("/escape_dir/secret").status, 404);
  EXPECT_EQ(get("/escape_dir/").status, 404);
  // A symlink that stays inside the root is an ordinary file.
  const auto alias = get("/alias.mjs");
  EXPECT_EQ(alias.status, 200);
  EXPECT_EQ(*alias.body, script_);
}

TEST_F(StaticFilesTest, IfNoneMatchGives304WithoutBody) {
  const auto first = get("/app.mjs");
  ASSERT_GE(first.etag.size(), 3U);
  EXPECT_EQ(first.etag.front(), '"');
  EXPECT_EQ(first.etag.back(), '"');
  for (const auto& header : {first.etag, "W/" + first.etag, "\"nope\", " + first.etag, std::string("*")}) {
    const auto again = get("/app.mjs", "", header);
    EXPECT_EQ(again.status, 304) << header;
    EXPECT_EQ(again.etag, first.etag);
    ASSERT_NE(again.body, nullptr);
    EXPECT_TRUE(again.body->empty());
  }
  EXPECT_EQ(get("/app.mjs", "", "\"nope\"").status, 200);
}

TEST_F(StaticFilesTest, EtagAndBodyChangeWhenTheFileChanges) {
  const auto before = get("/app.mjs");
  write_file(root_ / "app.mjs", "export const changed = true;\n");
  const auto after = get("/app.mjs", "", before.etag);
  EXPECT_EQ(after.status, 200);
  EXPECT_NE(after.etag, before.etag);
  EXPECT_EQ(*after.body, "export const changed = true;\n");
}

TEST_F(StaticFilesTest, CachedBodyIsSharedNotCopied) {
  const auto first = get("/core.wasm");
  const auto second = get("/core.wasm");
  EXPECT_EQ(first.body.get(), second.body.get());
}

TEST_F(StaticFilesTest, GzipOnlyWhenAccepted) {
  const auto identity = get("/app.mjs");
  EXPECT_TRUE(identity.content_encoding.empty());
  EXPECT_TRUE(identity.vary_accept_encoding);
  const auto packed = get("/app.mjs", "gzip, deflate, br");
  EXPECT_EQ(packed.status, 200);
  EXPECT_EQ(packed.content_encoding, "gzip");
  EXPECT_TRUE(packed.vary_accept_encoding);
  EXPECT_LT(packed.body->size(), script_.size());
  EXPECT_EQ(gunzip(*packed.body), script_);
  EXPECT_NE(packed.etag, identity.etag);
  EXPECT_EQ(get("/app.mjs", "gzip", packed.etag).status, 304);
  EXPECT_EQ(get("/app.mjs", "", packed.etag).status, 200);  // the gzip tag does not validate identity
  EXPECT_TRUE(get("/app.mjs", "identity").content_encoding.empty());
}

TEST_F(StaticFilesTest, AcceptEncodingQValuesAreRespected) {
  EXPECT_TRUE(get("/app.mjs", "gzip;q=0, deflate").content_encoding.empty());
  EXPECT_TRUE(get("/app.mjs", "gzip; q=0.000").content_encoding.empty());
  EXPECT_TRUE(get("/app.mjs", "gzip;q=0, *").content_encoding.empty());
  EXPECT_TRUE(get("/app.mjs", "*;q=0").content_encoding.empty());
  EXPECT_EQ(get("/app.mjs", "*;q=0.5").content_encoding, "gzip");
  EXPECT_EQ(get("/app.mjs", "br, GZIP;Q=0.8").content_encoding, "gzip");
  EXPECT_EQ(get("/app.mjs", "gzip;q=0.01").content_encoding, "gzip");
}

TEST_F(StaticFilesTest, SmallFilesHaveNoGzipVariant) {
  const auto response = get("/index.html", "gzip");
  EXPECT_EQ(response.status, 200);
  EXPECT_TRUE(response.content_encoding.empty());
  EXPECT_FALSE(response.vary_accept_encoding);
}

TEST_F(StaticFilesTest, HeadHasTheHeadersOfGet) {
  const auto got = get("/app.mjs", "gzip");
  const auto head = files_->serve({.method = "HEAD", .target = "/app.mjs", .accept_encoding = "gzip"});
  EXPECT_TRUE(head.head);
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.content_type, got.content_type);
  EXPECT_EQ(head.etag, got.etag);
  EXPECT_EQ(head.content_encoding, got.content_encoding);
  EXPECT_EQ(head.cache_control, got.cache_control);
  EXPECT_EQ(head.vary_accept_encoding, got.vary_accept_encoding);
  EXPECT_EQ(head.body->size(), got.body->size());  // for Content-Length
  EXPECT_TRUE(files_->serve({.method = "HEAD", .target = "/missing"}).head);
}

TEST_F(StaticFilesTest, OtherMethodsAre405WithAllow) {
  for (const auto* method : {"POST", "PUT", "DELETE", "get"}) {
    const auto response = files_->serve({.method = method, .target = "/app.mjs"});
    EXPECT_EQ(response.status, 405) << method;
    EXPECT_EQ(response.allow, "GET, HEAD");
    ASSERT_TRUE(response.error);
    EXPECT_EQ(response.error->code, ErrorCode::method_not_allowed);
  }
}

TEST_F(StaticFilesTest, MissingFileIs404WithJsonError) {
  const auto response = get("/x.js?v=1");
  EXPECT_EQ(response.status, 404);
  ASSERT_TRUE(response.error);
  EXPECT_EQ(response.error->code, ErrorCode::not_found);
  EXPECT_EQ(response.error->message, "no file at /x.js");
  EXPECT_TRUE(response.body->empty());
  EXPECT_TRUE(response.etag.empty());
}

TEST_F(StaticFilesTest, NonexistentRootIs404UntilItExists) {
  StaticFiles later(base_ / "later");
  EXPECT_EQ(later.serve({.method = "GET", .target = "/"}).status, 404);
  EXPECT_EQ(later.serve({.method = "GET", .target = "/app.mjs"}).status, 404);
  write_file(base_ / "later" / "index.html", "<p>deployed</p>");
  const auto response = later.serve({.method = "GET", .target = "/"});
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(*response.body, "<p>deployed</p>");
}

TEST_F(StaticFilesTest, ConcurrentRequestsAgree) {
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (std::size_t t = 0; t < failures.size(); ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        const auto response = get(i % 2 == 0 ? "/app.mjs" : "/core.wasm", i % 3 == 0 ? "gzip" : "");
        const bool packed = response.content_encoding == "gzip";
        const auto& expected = i % 2 == 0 ? script_ : wasm_;
        if (response.status != 200 || (packed ? gunzip(*response.body) : *response.body) != expected) ++failures[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const int count : failures) EXPECT_EQ(count, 0);
}

}  // namespace
}  // namespace chatkit::server
