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
 * sc/scn (SC/SCN) keeps its rg (RG) untouched. Cairo uses neither today.
 *
 * Rejected: a regex over the raw bytes (strings, comments and inline
 * images would be rewritten too); our own tokenizer in C (qpdf's C API
 * has none, and qpdf's already handles inline images and bad input). */
#include "pdfgray.h"

/* qpdf 11: no PointerHolder compatibility, std::shared_ptr only */
#define POINTERHOLDER_TRANSITION 4
#include <qpdf/Pl_Discard.hh>
#include <qpdf/Pl_QPDFTokenizer.hh>
#include <qpdf/QPDFObjectHandle.hh>

#include <exception>
#include <string>
#include <vector>

#include "error.h"

namespace {

typedef QPDFTokenizer::Token Token;

/* Pl_QPDFTokenizer hands us every token, spaces and comments included. */
class Collect : public QPDFObjectHandle::TokenFilter
{
public:
  std::vector<Token> tokens;
  void handleToken(Token const &t) override { tokens.push_back(t); }
};

struct Operand {
  size_t at;                   /* offset of the token in the output */
  const Token *token;
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
    if (!is_number(*o.token))
      return false;
  double r = number(*ops[0].token);
  return r == number(*ops[1].token) && r == number(*ops[2].token);
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
    if (is_name(*ops[i].token, "/CS", "/ColorSpace"))
      return other_space(*ops[i + 1].token);
  return false;                /* an image mask paints in the fill colour */
}

struct Pass {
  bool fill_unsafe = false, stroke_unsafe = false;
  std::string out;
  std::vector<Operand> ops;
  DgGrayStats stats = { 0, 0 };

  void
  operator_(const Token &t)
  {
    const std::string &op = t.getValue();
    bool fill = op == "rg";
    if ((fill || op == "RG") && neutral(ops) && !(fill ? fill_unsafe : stroke_unsafe)) {
      out.resize(ops[0].at + ops[0].token->getRawValue().size());
      out += fill ? " g" : " G";
      stats.rewritten++;
      return;
    }
    out += t.getRawValue();
    if (fill || op == "RG" || op == "sc" || op == "scn" || op == "SC" || op == "SCN"
        || op == "sh")
      stats.kept++;
    else if ((op == "cs" || op == "CS") && ops.size() == 1 && other_space(*ops[0].token))
      stats.kept++;
    else if (op == "ID" && inline_image_in_other_space(ops))
      stats.kept++;
  }

  void
  token(const Token &t)
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
      ops.push_back(Operand{ out.size(), &t });
      out += t.getRawValue();
      return;
    }
  }
};

} // namespace

GBytes *
dg_pdf_gray_content(const void *data, gsize len, DgGrayStats *stats, GError **error)
{
  try {
    Collect collect;
    Pl_Discard discard;
    Pl_QPDFTokenizer tokenizer("content stream", &collect, &discard);
    tokenizer.write(static_cast<const unsigned char *>(data), len);
    tokenizer.finish();
    Pass pass;
    for (const Token &t : collect.tokens)
      if (t.getType() == QPDFTokenizer::tt_word) {
        pass.fill_unsafe |= t.getValue() == "sc" || t.getValue() == "scn";
        pass.stroke_unsafe |= t.getValue() == "SC" || t.getValue() == "SCN";
      }
    pass.out.reserve(len);
    for (const Token &t : collect.tokens)
      pass.token(t);
    if (stats)
      *stats = pass.stats;
    return g_bytes_new(pass.out.data(), pass.out.size());
  } catch (const std::exception &e) {
    g_set_error(error, DG_ERROR, DG_ERROR_IO, "content stream: %s", e.what());
    return NULL;
  }
}
