/* pdfgray.cpp — neutral RGB colour in a content stream becomes gray.
 *
 * Cairo 1.16 writes every colour as DeviceRGB: black text is `0 0 0 rg`,
 * crop marks `0 0 0 RG`. A printer's RIP turns RGB black into a rich
 * four-colour black, and 8-10 pt type then prints with registration
 * fringes. A colour whose three components are equal is a gray, so
 * `r r r rg` is rewritten as `r g` (DeviceGray, black ink only on press)
 * and `R R R RG` as `R G`. Any other colour is left as it is: the page
 * then keeps its RGB, which a preflight will rightly report.
 *
 * Model: the stream is read as tokens by qpdf's own tokenizer (strings,
 * comments and inline image data included), so "0 0 0 rg" inside a
 * string or an image is never touched; every token we do not rewrite
 * keeps its bytes. The operands of an operator are the tokens since the
 * previous operator.
 *
 * Exactness: `sc`/`scn` set a colour in the *current* fill space, and
 * `rg` makes that DeviceRGB; after `0 0 0 rg` a later `1 0 0 sc` would
 * mean red, but after `0 g` it would be an error. So a stream that uses
 * sc/scn (SC/SCN) keeps its rg (RG) untouched: the pass runs again with
 * that side left alone. Cairo uses neither today.
 *
 * Cost: the tokenizer is most of it, about 6 M instructions a page of
 * the seed book; tokens are read straight from the stream's bytes rather
 * than through Pl_QPDFTokenizer, which copies every token and formats an
 * "offset N" string for each.
 *
 * Rejected: a regex over the raw bytes (strings, comments and inline
 * images would be rewritten too); our own tokenizer in C (qpdf's C API
 * has none, and qpdf's already handles inline images and bad input). */
#include "pdfgray.h"

/* qpdf 11: no PointerHolder compatibility, std::shared_ptr only */
#define POINTERHOLDER_TRANSITION 4
#include <qpdf/Buffer.hh>
#include <qpdf/BufferInputSource.hh>
#include <qpdf/QPDFTokenizer.hh>

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "error.h"

namespace {

typedef QPDFTokenizer::Token Token;

struct Operand {
  size_t at;                   /* offset of the token in the output */
  Token token;
};

bool
is_number(const Token &t)
{
  QPDFTokenizer::token_type_e type = t.getType();
  return type == QPDFTokenizer::tt_integer || type == QPDFTokenizer::tt_real;
}

double
number(const Token &t)
{
  return g_ascii_strtod(t.getRawValue().c_str(), NULL);
}

bool
is_name(const Token &t, const char *a, const char *b)
{
  const std::string &v = t.getValue();
  return t.getType() == QPDFTokenizer::tt_name && (v == a || v == b);
}

/* Three numeric operands, all equal: a gray written as RGB. */
bool
neutral(const std::vector<Operand> &ops)
{
  if (ops.size() != 3)
    return false;
  for (const Operand &o : ops)
    if (!is_number(o.token))
      return false;
  double r = number(ops[0].token);
  return r == number(ops[1].token) && r == number(ops[2].token);
}

/* A colour space outside gray and CMYK, named as a cs/CS operand or as
 * an inline image's /CS: a resource name or /Pattern counts as unknown. */
bool
other_space(const Token &t)
{
  return !(is_name(t, "/DeviceGray", "/G") || is_name(t, "/DeviceCMYK", "/CMYK"));
}

bool
inline_image_in_other_space(const std::vector<Operand> &ops)
{
  for (size_t i = 0; i + 1 < ops.size(); i++)
    if (is_name(ops[i].token, "/CS", "/ColorSpace"))
      return other_space(ops[i + 1].token);
  return false;                /* an image mask paints in the fill colour */
}

/* One pass over the tokens; `fill`/`stroke` say whether rg/RG may be
 * rewritten, `saw_fill_sc`/`saw_stroke_sc` whether that was safe. */
struct Pass {
  bool fill = true, stroke = true;
  bool saw_fill_sc = false, saw_stroke_sc = false;
  std::string out;
  std::vector<Operand> ops;
  DgGrayStats stats = { 0, 0 };

  void
  operator_(const Token &t)
  {
    const std::string &op = t.getValue();
    bool is_rg = op == "rg";
    saw_fill_sc |= op == "sc" || op == "scn";
    saw_stroke_sc |= op == "SC" || op == "SCN";
    if ((is_rg ? fill : op == "RG" && stroke) && neutral(ops)) {
      out.resize(ops[0].at + ops[0].token.getRawValue().size());
      out += is_rg ? " g" : " G";
      stats.rewritten++;
      return;
    }
    out += t.getRawValue();
    if (is_rg || op == "RG" || op == "sc" || op == "scn" || op == "SC" || op == "SCN"
        || op == "sh")
      stats.kept++;
    else if ((op == "cs" || op == "CS") && ops.size() == 1 && other_space(ops[0].token))
      stats.kept++;
    else if (op == "ID" && inline_image_in_other_space(ops))
      stats.kept++;
  }

  void
  token(Token &&t)
  {
    switch (t.getType()) {
    case QPDFTokenizer::tt_space:
    case QPDFTokenizer::tt_comment:
      out += t.getRawValue();
      return;
    case QPDFTokenizer::tt_word:
      operator_(t);
      ops.clear();
      return;
    case QPDFTokenizer::tt_inline_image:
      out += t.getRawValue();
      ops.clear();
      return;
    default:
      out += t.getRawValue();
      ops.push_back(Operand{ out.size() - t.getRawValue().size(), std::move(t) });
      return;
    }
  }

  /* Tokens as Pl_QPDFTokenizer reads them: spaces and comments
   * included, and after ID its one space, then the image data. */
  void
  run(const void *data, gsize len)
  {
    Buffer buffer(static_cast<unsigned char *>(const_cast<void *>(data)), len);
    auto input = std::make_shared<BufferInputSource>("content stream", &buffer);
    QPDFTokenizer tokenizer;
    tokenizer.allowEOF();
    tokenizer.includeIgnorable();
    out.reserve(len);
    static const std::string where = "content stream";
    for (;;) {
      Token t = tokenizer.readToken(input, where, true);
      if (t.getType() == QPDFTokenizer::tt_eof)
        return;
      bool id = t.isWord("ID");
      token(std::move(t));
      if (id) {
        char ch = ' ';
        if (input->read(&ch, 1) == 1)
          out += ch;
        tokenizer.expectInlineImage(input);
      }
    }
  }
};

} // namespace

GBytes *
dg_pdf_gray_content(const void *data, gsize len, DgGrayStats *stats, GError **error)
{
  try {
    Pass pass;
    pass.run(data, len);
    /* sc/scn would have read the space rg set: that side again, untouched */
    if (pass.saw_fill_sc || pass.saw_stroke_sc) {
      Pass again;
      again.fill = !pass.saw_fill_sc;
      again.stroke = !pass.saw_stroke_sc;
      again.run(data, len);
      pass = std::move(again);
    }
    if (stats)
      *stats = pass.stats;
    return g_bytes_new(pass.out.data(), pass.out.size());
  } catch (const std::exception &e) {
    g_set_error(error, DG_ERROR, DG_ERROR_IO, "content stream: %s", e.what());
    return NULL;
  }
}
