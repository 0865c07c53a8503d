#include <algorithm>
#include <cstdint>
#include <string>

#include "clean/extract.h"
#include "clean/meta_text.h"
#include "clean/metadata.h"
#include "clean/normalize.h"

namespace winnow::clean {

namespace {

bool is_heading(GumboTag tag) { return tag >= GUMBO_TAG_H1 && tag <= GUMBO_TAG_H6 && tag != GUMBO_TAG_HGROUP; }

int heading_level(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_H1: return 1;
    case GUMBO_TAG_H2: return 2;
    case GUMBO_TAG_H3: return 3;
    case GUMBO_TAG_H4: return 4;
    case GUMBO_TAG_H5: return 5;
    default: return 6;
  }
}

bool is_list(GumboTag tag) { return tag == GUMBO_TAG_UL || tag == GUMBO_TAG_OL || tag == GUMBO_TAG_MENU || tag == GUMBO_TAG_DIR; }

bool is_link_block_container(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_DIV: case GUMBO_TAG_SECTION: case GUMBO_TAG_ASIDE: case GUMBO_TAG_HEADER:
    case GUMBO_TAG_FOOTER: case GUMBO_TAG_TABLE: case GUMBO_TAG_CENTER: case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_DL: case GUMBO_TAG_P:
      return true;
    default:
      return false;
  }
}

// Renders article subtrees into blocks. One instance per rendering; not thread-shared.
class BlockWriter {
 public:
  BlockWriter(const Dom& dom, const PageAnalysis& pa, const RenderContext& context,
              std::vector<Segment>* segments = nullptr)
      : dom_(dom), pa_(pa), tuning_(context.tuning), options_(context.options), link_base_(context.link_base),
        segments_(segments) {}

  void render(const std::vector<NodeId>& roots);
  std::vector<Block> take() { return std::move(blocks_); }

 private:
  struct List {
    bool ordered;
    int counter;
    int group;
  };

  void render_root(NodeId root);
  bool skip(NodeId id, NodeId root);
  void enter(NodeId id);
  void leave(NodeId id);
  void append_text(NodeId id);
  void start_link(NodeId a);
  void end_link();
  void flush();
  void drop_heading_before_link_block();
  bool holds_heading(NodeId id);
  bool is_data_table(NodeId table) const;
  bool is_photo_box(NodeId id) const;
  bool is_caption_under_image(NodeId id) const;
  bool is_centred(NodeId id) const;
  bool mostly_centred(const std::vector<NodeId>& roots) const;
  void render_table(NodeId table);
  std::string cell_text(NodeId cell) const;

  const Dom& dom_;
  const PageAnalysis& pa_;
  const ExtractTuning& tuning_;
  const CleanOptions& options_;
  const std::string& link_base_;
  // Segmenting: every block of the page goes to segments_ with where it comes from; nothing is
  // judged here (the block classifier does).
  std::vector<Segment>* segments_ = nullptr;
  NodeId first_text_ = kNoNode;  // first text node of the block being written
  NodeId caption_until_ = -1;     // segmenting: the end of the photo box or caption being written
  std::vector<Block> blocks_;
  std::vector<Link> links_;        // links of the block being written (keep_links)
  size_t link_start_ = 0;          // where the open link's text starts in buf_
  static constexpr NodeId kNoEnd = INT32_MAX;
  NodeId open_link_end_ = kNoEnd;  // end of the open link's subtree
  std::string buf_;
  bool pending_space_ = false;
  int32_t buf_chars_ = 0, buf_link_chars_ = 0, buf_away_link_chars_ = 0;
  bool link_leaves_page_ = false;       // the current <a> points to another page, not "#..."
  bool after_teaser_headline_ = false;  // the last block was a linked headline
  NodeId link_until_ = -1;
  std::vector<int> headings_;
  std::vector<List> lists_;
  std::vector<size_t> items_;  // list depth at each open <li> (0: a card, not an item)
  std::vector<int32_t> headings_before_;  // headings before each node, computed when first needed
  int pre_depth_ = 0, quote_depth_ = 0;
  int next_group_ = 1;
  size_t blocks_at_root_ = 0;
  bool centred_text_ = false;  // most paragraphs are centred
};

void BlockWriter::render(const std::vector<NodeId>& roots) {
  centred_text_ = mostly_centred(roots);
  for (NodeId root : roots) render_root(root);
}

void BlockWriter::render_root(NodeId root) {
  blocks_at_root_ = blocks_.size();
  std::vector<NodeId> open;
  NodeId end = dom_[root].end;
  for (NodeId id = root; id < end;) {
    while (!open.empty() && id >= dom_[open.back()].end) {
      leave(open.back());
      open.pop_back();
    }
    const Node& n = dom_[id];
    if (n.is_text) {
      append_text(id);
      ++id;
      continue;
    }
    if (skip(id, root)) {
      id = n.end;
      continue;
    }
    if (n.tag == GUMBO_TAG_TABLE && is_data_table(id)) {
      flush();
      if (options_.keep_tables) render_table(id);
      id = n.end;
      continue;
    }
    enter(id);
    open.push_back(id);
    ++id;
  }
  while (!open.empty()) {
    leave(open.back());
    open.pop_back();
  }
  flush();
}

// What never enters the text: boilerplate, captions, and link blocks (related stories, menus,
// tag lists) left inside the article container.
bool BlockWriter::skip(NodeId id, NodeId root) {
  const Node& n = dom_[id];
  if (segments_ != nullptr) {
    if (pa_.removed[static_cast<size_t>(id)]) return true;
    // Segmenting judges nothing, but marks what the renderer would drop as a photo's caption.
    if (id >= caption_until_ && id != root && (is_photo_box(id) || is_caption_under_image(id))) caption_until_ = n.end;
    return false;
  }
  if (pa_.removed[static_cast<size_t>(id)]) {
    int32_t raw = pa_.raw_text_of(dom_, id);
    if (raw >= 30 && pa_.raw_link_of(dom_, id) * 2 >= raw) drop_heading_before_link_block();
    return true;
  }
  if (id == root) return false;
  if (!options_.keep_captions && (is_photo_box(id) || is_caption_under_image(id))) return true;
  int32_t chars = pa_.text_of(dom_, id);
  if (chars == 0) return false;
  double ld = pa_.link_density(dom_, id);
  if (is_list(n.tag) && ld > tuning_.max_list_link_density) {
    drop_heading_before_link_block();
    return true;
  }
  if (is_link_block_container(n.tag) && ld > tuning_.max_container_link_density) {
    if (n.tag != GUMBO_TAG_P) drop_heading_before_link_block();
    return true;
  }
  return false;
}

// A figure, or an old-style layout table holding an image and a few words, is a photo with
// its caption and credit.
bool BlockWriter::is_photo_box(NodeId id) const {
  GumboTag tag = dom_[id].tag;
  if (tag != GUMBO_TAG_FIGURE && tag != GUMBO_TAG_TABLE) return false;
  if (pa_.text_of(dom_, id) >= tuning_.max_caption_chars) return false;
  return tag == GUMBO_TAG_FIGURE || dom_.find_tag(GUMBO_TAG_IMG, id) != kNoNode;
}

// "<p><img></p><p style=text-align:center>Residents at lunch. Photo: Li Jing</p>": a short
// centred paragraph right under an image-only paragraph is its caption (common on CMSs that
// have no <figure>).
bool BlockWriter::is_caption_under_image(NodeId id) const {
  GumboTag tag = dom_[id].tag;
  if (tag != GUMBO_TAG_P && tag != GUMBO_TAG_DIV && tag != GUMBO_TAG_CENTER) return false;
  if (pa_.text_of(dom_, id) > tuning_.max_caption_chars / 2) return false;
  if (!is_centred(id) || centred_text_) return false;
  NodeId prev = kNoNode;
  for (NodeId c = dom_[dom_[id].parent].first_child; c != id && c != kNoNode; c = dom_[c].next_sibling) {
    if (!dom_[c].is_text) prev = c;
  }
  return prev != kNoNode && pa_.text_of(dom_, prev) == 0 && dom_.find_tag(GUMBO_TAG_IMG, prev) != kNoNode;
}

bool BlockWriter::is_centred(NodeId id) const {
  return dom_[id].tag == GUMBO_TAG_CENTER || dom_.attr(id, "style").find("center") != std::string_view::npos ||
         dom_.attr(id, "align") == "center";
}

// Blogs that centre every paragraph between their photos: there, centring marks no caption.
bool BlockWriter::mostly_centred(const std::vector<NodeId>& roots) const {
  // <p> elements before each node, so that "this <div> holds a <p>" costs nothing per node.
  std::vector<int32_t> p_before(static_cast<size_t>(dom_.size()) + 1, 0);
  for (NodeId id = 0; id < dom_.size(); ++id) {
    p_before[static_cast<size_t>(id) + 1] = p_before[static_cast<size_t>(id)] + (!dom_[id].is_text && dom_[id].tag == GUMBO_TAG_P);
  }
  auto holds_paragraph = [&](NodeId id) { return p_before[static_cast<size_t>(dom_[id].end)] > p_before[static_cast<size_t>(id) + 1]; };
  int paragraphs = 0, centred = 0;
  for (NodeId root : roots) {
    for (NodeId id = root; id < dom_[root].end; ++id) {
      GumboTag tag = dom_[id].tag;
      if (dom_[id].is_text || (tag != GUMBO_TAG_P && tag != GUMBO_TAG_DIV && tag != GUMBO_TAG_CENTER)) continue;
      if (pa_.text_of(dom_, id) == 0 || (tag == GUMBO_TAG_DIV && holds_paragraph(id))) continue;
      ++paragraphs;
      if (is_centred(id)) ++centred;
    }
  }
  return paragraphs >= 4 && 2 * centred >= paragraphs;
}

// "A heading followed only by a link list is a related-stories block": the heading goes too.
void BlockWriter::drop_heading_before_link_block() {
  flush();
  if (blocks_.size() > blocks_at_root_ && blocks_.back().kind == Block::Kind::Heading) blocks_.pop_back();
}

void BlockWriter::enter(NodeId id) {
  GumboTag tag = dom_[id].tag;
  // Inside code, a <br> or an element a line (highlighters wrap every line) is a line break, not
  // a new block: the code stays one block, its lines and empty lines kept.
  if (pre_depth_ > 0 && is_block_tag(tag)) {
    if (tag == GUMBO_TAG_BR || (!buf_.empty() && buf_.back() != '\n')) buf_ += '\n';
    return;
  }
  // A quote's <cite> ("Heizungsfritz hat geschrieben:", "— Jane Doe") is a line of its own.
  if (is_block_tag(tag) || (tag == GUMBO_TAG_CITE && quote_depth_ > 0)) flush();
  if (is_heading(tag)) headings_.push_back(heading_level(tag));
  else if (tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING || tag == GUMBO_TAG_XMP) ++pre_depth_;
  else if (tag == GUMBO_TAG_BLOCKQUOTE) ++quote_depth_;
  else if (is_list(tag)) {
    int group = lists_.empty() ? next_group_++ : lists_.front().group;
    lists_.push_back({tag == GUMBO_TAG_OL, 0, group});
  } else if (tag == GUMBO_TAG_LI) {
    if (lists_.empty()) lists_.push_back({false, 0, next_group_++});
    ++lists_.back().counter;
    // An item holding a heading is a card of a grid (a headline, a teaser, a price), not a line
    // of a list: its blocks are paragraphs.
    items_.push_back(holds_heading(id) ? 0 : lists_.size());
  }
}

bool BlockWriter::holds_heading(NodeId id) {
  if (headings_before_.empty()) {
    headings_before_.assign(static_cast<size_t>(dom_.size()) + 1, 0);
    for (NodeId n = 0; n < dom_.size(); ++n) {
      headings_before_[static_cast<size_t>(n) + 1] =
          headings_before_[static_cast<size_t>(n)] + (!dom_[n].is_text && is_heading(dom_[n].tag));
    }
  }
  return headings_before_[static_cast<size_t>(dom_[id].end)] > headings_before_[static_cast<size_t>(id) + 1];
}

void BlockWriter::leave(NodeId id) {
  GumboTag tag = dom_[id].tag;
  bool code_line = pre_depth_ > 0 && is_block_tag(tag) && tag != GUMBO_TAG_PRE && tag != GUMBO_TAG_LISTING &&
                   tag != GUMBO_TAG_XMP;
  if (code_line) return;
  if (is_block_tag(tag) || (tag == GUMBO_TAG_CITE && quote_depth_ > 0)) flush();
  if (is_heading(tag) && !headings_.empty()) headings_.pop_back();
  else if ((tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING || tag == GUMBO_TAG_XMP) && pre_depth_ > 0) --pre_depth_;
  else if (tag == GUMBO_TAG_BLOCKQUOTE && quote_depth_ > 0) --quote_depth_;
  else if (is_list(tag) && !lists_.empty()) lists_.pop_back();
  else if (tag == GUMBO_TAG_LI && !items_.empty()) items_.pop_back();
}

void BlockWriter::append_text(NodeId id) {
  std::string_view t = dom_.text(id);
  if (id >= open_link_end_) end_link();
  // Text inside <a>: tracked so that blocks made only of a short link can be recognised.
  for (NodeId p = dom_[id].parent; p != kNoNode && link_until_ < id; p = dom_[p].parent) {
    if (dom_[p].tag == GUMBO_TAG_A) {
      link_until_ = dom_[p].end;
      std::string_view href = dom_.attr(p, "href");
      link_leaves_page_ = !href.starts_with("#");
      if (is_script_wrapper_link(dom_, p)) link_until_ = -1;
      else if (options_.keep_links) start_link(p);
    }
    if (is_block_tag(dom_[p].tag)) break;
  }

  int32_t chars = visible_chars(t);
  if (first_text_ == kNoNode && chars > 0) first_text_ = id;
  buf_chars_ += chars;
  if (id < link_until_) {
    buf_link_chars_ += chars;
    if (link_leaves_page_) buf_away_link_chars_ += chars;
  }
  if (pre_depth_ > 0) {
    buf_.append(t);
  } else {
    append_collapsed(buf_, t, pending_space_);
  }
}

// Links are recorded by their text: their place in the block survives whitespace collapsing
// and Unicode normalization, byte offsets would not.
void BlockWriter::start_link(NodeId a) {
  std::string_view raw = metatext::trim(dom_.attr(a, "href"));
  if (raw.empty() || raw.starts_with("#") || metatext::istarts_with(raw, "javascript:")) return;
  std::string href = resolve_url(link_base_, raw);
  link_start_ = buf_.size();
  open_link_end_ = dom_[a].end;
  links_.push_back({std::string(), std::move(href)});
}

void BlockWriter::end_link() {
  if (open_link_end_ == kNoEnd) return;
  open_link_end_ = kNoEnd;
  std::string_view text = link_start_ < buf_.size() ? std::string_view(buf_).substr(link_start_) : "";
  text = metatext::trim(text);
  if (text.empty()) links_.pop_back();
  else links_.back().text = std::string(text);
}

void BlockWriter::flush() {
  end_link();
  std::string text = std::move(buf_);
  buf_.clear();
  pending_space_ = false;
  // Separators between links ("Print | E-mail") do not make a block text.
  bool all_link = buf_chars_ > 0 && buf_link_chars_ * 10 >= buf_chars_ * 9;
  bool all_away_link = buf_chars_ > 0 && buf_away_link_chars_ * 10 >= buf_chars_ * 9;
  Segment segment;
  segment.first_text = first_text_;
  segment.in_caption = first_text_ != kNoNode && first_text_ < caption_until_;
  segment.chars = buf_chars_;
  segment.link_chars = buf_link_chars_;
  segment.away_link_chars = buf_away_link_chars_;
  first_text_ = kNoNode;
  buf_chars_ = buf_link_chars_ = buf_away_link_chars_ = 0;
  if (pre_depth_ > 0) {
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ' || text.back() == '\r')) text.pop_back();
    size_t start = text.find_first_not_of("\r\n");
    text.erase(0, start == std::string::npos ? text.size() : start);
  }
  while (!text.empty() && text.back() == ' ') text.pop_back();
  std::vector<Link> links = std::move(links_);
  links_.clear();
  if (!links.empty() && links.back().text.empty()) links.pop_back();  // a link cut by a block
  if (text.empty()) return;
  bool after_teaser_headline = after_teaser_headline_;
  after_teaser_headline_ = false;
  Block b;
  b.text = std::move(text);
  b.links = std::move(links);
  if (pre_depth_ > 0) {
    b.kind = Block::Kind::Code;
  } else if (!headings_.empty()) {
    b.kind = Block::Kind::Heading;
    b.level = headings_.back();
  } else if (!items_.empty() && items_.back() == lists_.size()) {
    b.kind = Block::Kind::ListItem;
    b.level = static_cast<int>(lists_.size());
    b.ordered = lists_.back().ordered;
    b.number = lists_.back().counter;
    b.group = lists_.back().group;
  } else if (quote_depth_ > 0) {
    b.kind = Block::Kind::Quote;
  }
  if (segments_ != nullptr) {
    segment.block = std::move(b);
    segments_->push_back(std::move(segment));
    return;
  }
  // A heading that links to another page is a teaser's headline; the short paragraph after it
  // is the teaser's summary. Section fronts are made of these; articles only in promo boxes.
  if (b.kind == Block::Kind::Heading && all_away_link) {
    after_teaser_headline_ = true;
    return;
  }
  if (after_teaser_headline && b.kind == Block::Kind::Paragraph &&
      count_words(b.text) <= static_cast<size_t>(tuning_.max_teaser_words)) {
    return;
  }
  // A paragraph that is one short link is navigation residue ("Read more", "View").
  if (all_link && b.kind == Block::Kind::Paragraph &&
      count_words(b.text) <= static_cast<size_t>(tuning_.max_lone_link_words)) {
    return;
  }
  blocks_.push_back(std::move(b));
}

// Layout tables (nested tables, one column, long cells) are unwrapped; data tables become rows.
bool BlockWriter::is_data_table(NodeId table) const {
  std::string_view role = dom_.attr(table, "role");
  if (role == "presentation" || role == "none") return false;
  int rows = 0, max_cols = 0, cells = 0, long_cells = 0;
  bool has_header = false;
  for (NodeId id = table + 1; id < dom_[table].end; ++id) {
    const Node& n = dom_[id];
    if (n.is_text) continue;
    if (n.tag == GUMBO_TAG_TABLE) return false;
    if (n.tag == GUMBO_TAG_TH || n.tag == GUMBO_TAG_THEAD || n.tag == GUMBO_TAG_CAPTION) has_header = true;
    if (n.tag == GUMBO_TAG_TR) {
      ++rows;
      int cols = 0;
      for (NodeId c = n.first_child; c != kNoNode; c = dom_[c].next_sibling) {
        if (dom_[c].tag != GUMBO_TAG_TD && dom_[c].tag != GUMBO_TAG_TH) continue;
        ++cols;
        ++cells;
        if (pa_.raw_text_of(dom_, c) > 200) ++long_cells;
      }
      max_cols = std::max(max_cols, cols);
    }
    if (n.tag == GUMBO_TAG_P || n.tag == GUMBO_TAG_DIV || is_list(n.tag)) {
      if (pa_.raw_text_of(dom_, id) > 200) return false;
    }
  }
  if (max_cols < 2 || rows < 1) return false;
  if (long_cells * 4 > cells) return false;
  return has_header || rows >= 2;
}

std::string BlockWriter::cell_text(NodeId cell) const {
  std::string out;
  bool pending = false;
  for (NodeId id = cell; id < dom_[cell].end;) {
    const Node& n = dom_[id];
    if (!n.is_text && pa_.removed[static_cast<size_t>(id)]) {
      id = n.end;
      continue;
    }
    if (n.is_text) append_collapsed(out, dom_.text(id), pending);
    else if (id != cell && (is_block_tag(n.tag))) pending = true;
    ++id;
  }
  return out;
}

void BlockWriter::render_table(NodeId table) {
  int group = next_group_++;
  for (NodeId id = table + 1; id < dom_[table].end; ++id) {
    const Node& n = dom_[id];
    if (n.is_text || n.tag != GUMBO_TAG_TR || pa_.removed[static_cast<size_t>(id)]) continue;
    Block row;
    row.kind = Block::Kind::TableRow;
    row.group = group;
    row.header = true;
    bool any = false;
    for (NodeId c = n.first_child; c != kNoNode; c = dom_[c].next_sibling) {
      if (dom_[c].tag != GUMBO_TAG_TD && dom_[c].tag != GUMBO_TAG_TH) continue;
      if (dom_[c].tag == GUMBO_TAG_TD) row.header = false;
      row.cells.push_back(cell_text(c));
      any = any || !row.cells.back().empty();
    }
    if (!any) continue;
    for (size_t i = 0; i < row.cells.size(); ++i) {
      if (i) row.text += " | ";
      row.text += row.cells[i];
    }
    if (segments_ != nullptr) {
      Segment segment;
      for (NodeId t = id; t < n.end && segment.first_text == kNoNode; ++t) {
        if (dom_[t].is_text && dom_[t].visible_chars() > 0) segment.first_text = t;
      }
      segment.chars = pa_.text_of(dom_, id);
      segment.link_chars = pa_.link_of(dom_, id);
      segment.away_link_chars = segment.link_chars;
      segment.block = std::move(row);
      segments_->push_back(std::move(segment));
      continue;
    }
    blocks_.push_back(std::move(row));
  }
}

}  // namespace

std::string link_base(const Dom& dom, const Metadata& meta) {
  std::string page = meta.url.empty() ? meta.canonical_url : meta.url;
  if (dom.head() != kNoNode) {
    NodeId base = dom.find_tag(GUMBO_TAG_BASE, dom.head());
    if (base != kNoNode && !dom.attr(base, "href").empty()) {
      return resolve_url(page, metatext::trim(dom.attr(base, "href")));
    }
  }
  return page;
}

std::vector<Block> render_blocks(const Dom& dom, const PageAnalysis& pa, const std::vector<NodeId>& roots,
                                 const RenderContext& context) {
  BlockWriter writer(dom, pa, context);
  writer.render(roots);
  return writer.take();
}

std::vector<Segment> segment_page(const Dom& dom, const PageAnalysis& view, const RenderContext& context) {
  std::vector<Segment> segments;
  if (dom.size() == 0) return segments;
  BlockWriter writer(dom, view, context, &segments);
  writer.render({dom.body() != kNoNode ? dom.body() : 0});
  for (Segment& s : segments) {
    NodeId owner = s.first_text == kNoNode ? kNoNode : dom[s.first_text].parent;
    while (owner != kNoNode && !is_block_tag(dom[owner].tag)) owner = dom[owner].parent;
    s.owner = owner;
  }
  return segments;
}

}  // namespace winnow::clean
