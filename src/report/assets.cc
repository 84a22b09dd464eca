// The assets are linked in by the assembler's .incbin: no megabytes of
// generated array source. CMake lists the files as dependencies of this
// object (OBJECT_DEPENDS), and ccache never caches a file using .incbin, so a
// changed asset always rebuilds it.
#include "report/assets.h"
#include "ecomdw_source_dir.h"

#include <cstddef>

#ifndef ECOMDW_ECHARTS_JS
#error "ECOMDW_ECHARTS_JS (the path of echarts.min.js) is set by CMakeLists.txt"
#endif

#define ECOMDW_INCBIN(name, path)         \
  ".global " name "_begin\n"              \
  ".hidden " name "_begin\n" name "_begin:\n" \
  ".incbin \"" path "\"\n"                \
  ".global " name "_end\n"                \
  ".hidden " name "_end\n" name "_end:\n" \
  ".byte 0\n"

asm(".section .rodata.ecomdw_report,\"a\"\n"
    ECOMDW_INCBIN("ecomdw_echarts", ECOMDW_ECHARTS_JS)
    ECOMDW_INCBIN("ecomdw_report_js", ECOMDW_SOURCE_DIR "/src/report/assets/report.js")
    ECOMDW_INCBIN("ecomdw_report_css", ECOMDW_SOURCE_DIR "/src/report/assets/report.css")
    ".previous\n");

extern "C" const char ecomdw_echarts_begin[], ecomdw_echarts_end[];
extern "C" const char ecomdw_report_js_begin[], ecomdw_report_js_end[];
extern "C" const char ecomdw_report_css_begin[], ecomdw_report_css_end[];

namespace ecomdw::report {
namespace {
std::string_view Between(const char* begin, const char* end) {
  return {begin, static_cast<size_t>(end - begin)};
}
}  // namespace

std::string_view EchartsJs() { return Between(ecomdw_echarts_begin, ecomdw_echarts_end); }
std::string_view ReportJs() { return Between(ecomdw_report_js_begin, ecomdw_report_js_end); }
std::string_view ReportCss() { return Between(ecomdw_report_css_begin, ecomdw_report_css_end); }

}  // namespace ecomdw::report
