#include "core/timestamp.hpp"

#include <charconv>
#include <cstdio>

namespace chatkit {
namespace {

constexpr std::int64_t kMicrosPerSecond = 1'000'000;
constexpr std::int64_t kSecondsPerDay = 86'400;

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant's algorithm).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month, day;
};

constexpr Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

constexpr bool is_leap(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

constexpr unsigned days_in_month(std::int64_t y, unsigned m) {
  constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

// A small cursor over the text that reads fixed-width digit groups and single characters.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}
  bool digits(std::size_t count, int& out) {
    if (pos_ + count > text_.size()) return false;
    auto [ptr, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + count, out);
    if (ec != std::errc{} || ptr != text_.data() + pos_ + count) return false;
    pos_ += count;
    return true;
  }
  bool accept(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) return ++pos_, true;
    return false;
  }
  bool at_digit() const { return pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9'; }
  char next() { return text_[pos_++]; }
  bool done() const { return pos_ == text_.size(); }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

Error bad(std::string_view text, std::string_view why) {
  return make_error(ErrorCode::invalid_request,
                    "invalid ISO-8601 timestamp '" + std::string(text.substr(0, 64)) + "': " + std::string(why));
}

}  // namespace

namespace {

// Writes `value` (non-negative) as `width` decimal digits at `at`, with leading zeros.
void put_digits(std::string& out, std::size_t at, int width, std::int64_t value) {
  for (int i = width - 1; i >= 0; --i, value /= 10) out[at + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
}

}  // namespace

std::string format_iso8601(Timestamp t) {
  std::int64_t days = t.micros / (kSecondsPerDay * kMicrosPerSecond);
  std::int64_t rest = t.micros % (kSecondsPerDay * kMicrosPerSecond);
  if (rest < 0) rest += kSecondsPerDay * kMicrosPerSecond, --days;
  const Civil c = civil_from_days(days);
  const std::int64_t secs = rest / kMicrosPerSecond;
  if (c.year >= 0 && c.year <= 9999) {
    // Every event carries timestamps: this is the common case, without snprintf's parsing.
    std::string out(27, '0');
    put_digits(out, 0, 4, c.year);
    out[4] = '-';
    put_digits(out, 5, 2, c.month);
    out[7] = '-';
    put_digits(out, 8, 2, c.day);
    out[10] = 'T';
    put_digits(out, 11, 2, secs / 3600);
    out[13] = ':';
    put_digits(out, 14, 2, secs / 60 % 60);
    out[16] = ':';
    put_digits(out, 17, 2, secs % 60);
    out[19] = '.';
    put_digits(out, 20, 6, rest % kMicrosPerSecond);
    out[26] = 'Z';
    return out;
  }
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ", static_cast<long long>(c.year),
                c.month, c.day, static_cast<long long>(secs / 3600), static_cast<long long>(secs / 60 % 60),
                static_cast<long long>(secs % 60), static_cast<long long>(rest % kMicrosPerSecond));
  return buf;
}

Result<Timestamp> parse_iso8601(std::string_view text) {
  Cursor in(text);
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (!in.digits(4, year) || !in.accept('-') || !in.digits(2, month) || !in.accept('-') || !in.digits(2, day)) {
    return bad(text, "expected YYYY-MM-DD");
  }
  if (month < 1 || month > 12 || day < 1 || static_cast<unsigned>(day) > days_in_month(year, month)) {
    return bad(text, "no such date");
  }
  if (!in.accept('T') && !in.accept('t') && !in.accept(' ')) return bad(text, "expected 'T' after the date");
  if (!in.digits(2, hour) || !in.accept(':') || !in.digits(2, minute)) return bad(text, "expected HH:MM");
  if (in.accept(':') && !in.digits(2, second)) return bad(text, "expected seconds");
  if (hour > 23 || minute > 59 || second > 60) return bad(text, "time out of range");  // 60: leap second
  std::int64_t micros = 0;
  if (in.accept('.') || in.accept(',')) {
    if (!in.at_digit()) return bad(text, "expected fraction digits");
    std::int64_t scale = 100'000;
    while (in.at_digit()) {
      const int digit = in.next() - '0';
      micros += digit * scale;
      scale /= 10;
    }
  }
  int offset_minutes = 0;
  if (in.accept('Z') || in.accept('z')) {
  } else if (!in.done()) {
    const char sign = in.next();
    int oh = 0, om = 0;
    if ((sign != '+' && sign != '-') || !in.digits(2, oh)) return bad(text, "expected Z or an offset like +02:00");
    in.accept(':');
    if (!in.digits(2, om) || oh > 23 || om > 59) return bad(text, "bad offset");
    offset_minutes = (sign == '-' ? -1 : 1) * (oh * 60 + om);
  }
  if (!in.done()) return bad(text, "unexpected trailing characters");
  const std::int64_t seconds = days_from_civil(year, month, day) * kSecondsPerDay + hour * 3600 + minute * 60 +
                               second - offset_minutes * 60;
  return Timestamp{seconds * kMicrosPerSecond + micros};
}

}  // namespace chatkit
