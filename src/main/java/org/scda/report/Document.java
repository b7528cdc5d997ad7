package org.scda.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The report as a list of blocks, rendered to Markdown (images as relative links) and to a
 * self-contained HTML page (images embedded as base64 PNG data, no external references).
 */
public final class Document {
    /** A block of the report. */
    public sealed interface Block permits Heading, Paragraph, Table, Image, Details {
    }

    /** A heading, level 1-4, with an anchor id. */
    public record Heading(int level, String text, String anchor) implements Block {
    }

    /** Plain text (a few Markdown habits: `code` is shown as code). */
    public record Paragraph(String text) implements Block {
    }

    /** A table: header and rows of cells (already formatted). */
    public record Table(List<String> header, List<List<String>> rows) implements Block {
        public Table {
            header = List.copyOf(header);
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** A PNG file (inside the report folder) with a caption. */
    public record Image(Path file, String caption) implements Block {
    }

    /** A collapsible group of blocks (HTML details; Markdown: a heading-less run of the blocks). */
    public record Details(String summary, List<Block> blocks) implements Block {
        public Details {
            blocks = List.copyOf(blocks);
        }
    }

    private final String title;
    private final List<Block> blocks = new ArrayList<>();

    public Document(String title) {
        this.title = title;
    }

    public Document add(Block b) {
        blocks.add(b);
        return this;
    }

    public List<Block> blocks() {
        return List.copyOf(blocks);
    }

    /** Markdown; image links relative to {@code dir}, the folder the file is written into. */
    public String toMarkdown(Path dir) {
        StringBuilder sb = new StringBuilder("# ").append(title).append("\n\n");
        for (Block b : blocks) {
            markdown(b, dir, sb);
        }
        return sb.toString();
    }

    private static void markdown(Block b, Path dir, StringBuilder sb) {
        if (b instanceof Heading h) {
            sb.append("#".repeat(h.level() + 1)).append(' ').append(h.text()).append("\n\n");
        } else if (b instanceof Paragraph p) {
            sb.append(p.text()).append("\n\n");
        } else if (b instanceof Table t) {
            sb.append("| ").append(String.join(" | ", t.header().stream().map(Document::mdCell).toList())).append(" |\n");
            sb.append("|").append("---|".repeat(t.header().size())).append('\n');
            for (List<String> row : t.rows()) {
                sb.append("| ").append(String.join(" | ", row.stream().map(Document::mdCell).toList())).append(" |\n");
            }
            sb.append('\n');
        } else if (b instanceof Image i) {
            sb.append("![").append(i.caption()).append("](")
                    .append(dir.relativize(i.file()).toString().replace('\\', '/')).append(")\n\n");
        } else if (b instanceof Details d) {
            sb.append("**").append(d.summary()).append("**\n\n");
            for (Block inner : d.blocks()) {
                markdown(inner, dir, sb);
            }
        }
    }

    private static String mdCell(String s) {
        return s.replace("|", "\\|");
    }

    /** A self-contained HTML page: every image embedded, no external references. */
    public String toHtml() throws IOException {
        StringBuilder sb = new StringBuilder();
        sb.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;margin:1em 0;font-size:90%}\n")
                .append("th,td{border:1px solid #bbb;padding:3px 8px;text-align:right}\n")
                .append("th:first-child,td:first-child{text-align:left}\n")
                .append("th{background:#eee}\nfigure{display:inline-block;margin:0.5em;vertical-align:top}\n")
                .append("figcaption{font-size:85%;color:#555;max-width:640px}\nimg{max-width:100%}\n")
                .append("code{background:#f4f4f4;padding:0 3px}\n</style></head><body>\n<h1>").append(esc(title))
                .append("</h1>\n");
        for (Block b : blocks) {
            html(b, sb);
        }
        return sb.append("</body></html>\n").toString();
    }

    private static void html(Block b, StringBuilder sb) throws IOException {
        if (b instanceof Heading h) {
            sb.append("<h").append(h.level() + 1).append(" id=\"").append(esc(h.anchor())).append("\">")
                    .append(esc(h.text())).append("</h").append(h.level() + 1).append(">\n");
        } else if (b instanceof Paragraph p) {
            sb.append("<p>").append(inlineCode(esc(p.text()))).append("</p>\n");
        } else if (b instanceof Table t) {
            sb.append("<table><thead><tr>");
            for (String c : t.header()) {
                sb.append("<th>").append(esc(c)).append("</th>");
            }
            sb.append("</tr></thead><tbody>\n");
            for (List<String> row : t.rows()) {
                sb.append("<tr>");
                for (String c : row) {
                    sb.append("<td>").append(inlineCode(esc(c))).append("</td>");
                }
                sb.append("</tr>\n");
            }
            sb.append("</tbody></table>\n");
        } else if (b instanceof Image i) {
            sb.append("<figure><img alt=\"").append(esc(i.caption())).append("\" src=\"data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(Files.readAllBytes(i.file())))
                    .append("\"><figcaption>").append(esc(i.caption())).append("</figcaption></figure>\n");
        } else if (b instanceof Details d) {
            sb.append("<details><summary>").append(esc(d.summary())).append("</summary>\n");
            for (Block inner : d.blocks()) {
                html(inner, sb);
            }
            sb.append("</details>\n");
        }
    }

    private static String inlineCode(String escaped) {
        return escaped.replaceAll("`([^`]+)`", "<code>$1</code>");
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
