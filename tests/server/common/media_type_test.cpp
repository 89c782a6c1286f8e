#include "server/common/media_type.hpp"

#include <gtest/gtest.h>

#include "support/media_samples.hpp"

namespace chatkit::server {
namespace {

using namespace chatkit::testing;

TEST(MediaType, NormalizesCaseParametersAndBlanks) {
  EXPECT_EQ(normalize_media_type("Text/Plain; charset=UTF-8"), "text/plain");
  EXPECT_EQ(normalize_media_type("  image/PNG "), "image/png");
  EXPECT_EQ(normalize_media_type("application/vnd.api+json"), "application/vnd.api+json");
  EXPECT_EQ(normalize_media_type("png"), "");
  EXPECT_EQ(normalize_media_type("image/"), "");
  EXPECT_EQ(normalize_media_type("image/p ng"), "");
  EXPECT_EQ(normalize_media_type(""), "");
}

TEST(MediaType, KindsDecideHowTheModelGetsAFile) {
  EXPECT_EQ(media_kind("image/png"), MediaKind::image);
  EXPECT_EQ(media_kind("image/webp"), MediaKind::image);
  EXPECT_EQ(media_kind("image/svg+xml"), MediaKind::text);  // XML: never shown as an image
  EXPECT_EQ(media_kind("image/bmp"), MediaKind::other);
  EXPECT_EQ(media_kind("application/pdf"), MediaKind::pdf);
  EXPECT_EQ(media_kind("text/csv"), MediaKind::text);
  EXPECT_EQ(media_kind("application/json"), MediaKind::text);
  EXPECT_EQ(media_kind("application/zip"), MediaKind::other);
}

TEST(MediaType, SniffsTheFormatsItKnows) {
  EXPECT_EQ(sniff_signature(png_bytes(1, 1))->media_type, "image/png");
  EXPECT_EQ(sniff_signature(jpeg_bytes(1, 1))->media_type, "image/jpeg");
  EXPECT_EQ(sniff_signature(gif_bytes(1, 1))->media_type, "image/gif");
  EXPECT_EQ(sniff_signature(webp_bytes(1, 1))->media_type, "image/webp");
  EXPECT_EQ(sniff_signature(pdf_bytes())->media_type, "application/pdf");
  EXPECT_TRUE(sniff_signature(elf_bytes())->executable);
  EXPECT_FALSE(sniff_signature("hello, world"));
  // "MZ" starts many words; a PE file also has "PE\0\0" where its header points.
  EXPECT_FALSE(sniff_signature("MZ is a postal code prefix, and this is text."));
  std::string pe = "MZ" + std::string(0x3A, '\0');
  pe += std::string("\x80\x00\x00\x00", 4);
  pe += std::string(0x80 - pe.size(), '\0') + std::string("PE\0\0", 4);
  EXPECT_EQ(sniff_signature(pe)->description, "a Windows executable");
}

TEST(MediaType, Utf8CheckAcrossPiecesAndRefusals) {
  Utf8Check split;
  const std::string text = "na\xC3\xAFve \xE2\x82\xAC \xF0\x9F\x98\x80";
  for (char c : text) split.feed(std::string_view(&c, 1));
  EXPECT_TRUE(split.finish());
  for (const std::string& bad : {std::string("a\0b", 3), std::string("\xC0\xAF"), std::string("\xED\xA0\x80"),
                                std::string("\xF4\x90\x80\x80"), std::string("\xE2\x82"), std::string("\xFF")}) {
    Utf8Check check;
    check.feed(bad);
    EXPECT_FALSE(check.finish()) << ::testing::PrintToString(bad);
  }
}

std::optional<std::string> check_all(const std::string& type, const std::string& bytes, std::size_t piece = 7) {
  ContentCheck check(type);
  for (std::size_t at = 0; at < bytes.size(); at += piece) {
    if (auto problem = check.feed(std::string_view(bytes).substr(at, piece))) return problem;
  }
  return check.finish();
}

TEST(MediaType, ContentMustBeWhatTheTypeSays) {
  EXPECT_EQ(check_all("image/png", png_bytes(4, 4)), std::nullopt);
  EXPECT_EQ(check_all("application/pdf", pdf_bytes()), std::nullopt);
  EXPECT_EQ(check_all("text/plain", "hello\nworld\n"), std::nullopt);
  EXPECT_EQ(check_all("image/png", elf_bytes()), "the bytes are not a PNG image: they look like an ELF executable");
  EXPECT_EQ(check_all("image/png", jpeg_bytes(2, 2)), "the bytes are not a PNG image: they look like a JPEG image");
  EXPECT_EQ(check_all("image/jpeg", "just text"), "the bytes are not a JPEG image");
  EXPECT_EQ(check_all("text/plain", elf_bytes()), "the bytes are not UTF-8 text");
  EXPECT_EQ(check_all("text/csv", png_bytes(1, 1)), "the bytes are not UTF-8 text");
  // Any other allowed type only must not be an executable.
  EXPECT_EQ(check_all("application/zip", std::string("PK\x03\x04", 4) + "rest"), std::nullopt);
  EXPECT_EQ(check_all("application/octet-stream", elf_bytes()),
            "the bytes are not a file of type application/octet-stream: they look like an ELF executable");
}

TEST(MediaType, AProblemIsReportedOnceTheHeadIsIn) {
  ContentCheck check("image/png");
  const std::string elf = elf_bytes() + std::string(kSniffBytes, 'x');
  EXPECT_TRUE(check.feed(elf).has_value()) << "known before the end of the file";
}

TEST(MediaType, PixelSizeFromEachHeader) {
  auto size = [](const std::string& bytes) {
    const auto pixels = image_pixel_size(bytes);
    return pixels ? std::to_string(pixels->width) + "x" + std::to_string(pixels->height) : std::string("none");
  };
  EXPECT_EQ(size(png_bytes(640, 480)), "640x480");
  EXPECT_EQ(size(gif_bytes(32, 16)), "32x16");
  EXPECT_EQ(size(jpeg_bytes(1024, 768)), "1024x768");
  EXPECT_EQ(size(webp_bytes(300, 200)), "300x200");
  EXPECT_EQ(size(png_bytes(640, 480).substr(0, 20)), "none");
  EXPECT_EQ(size("not an image"), "none");
}

}  // namespace
}  // namespace chatkit::server
