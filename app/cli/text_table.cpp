#include "cli/text_table.h"

#include "common/printable.h"

#include <algorithm>

namespace loadbench::cli {

namespace {
/// Display width of UTF-8 text: code points, not bytes (check names may be in any language).
std::size_t displayWidth(const std::string& text) {
    return static_cast<std::size_t>(std::count_if(
        text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}
} // namespace

TextTable::TextTable(std::vector<std::string> header, std::vector<bool> rightAligned)
    : m_rightAligned(std::move(rightAligned)) {
    m_rightAligned.resize(header.size(), false);
    for (std::string& cell : header)
        cell = printable(cell);
    m_rows.push_back(std::move(header));
}

void TextTable::addRow(std::vector<std::string> cells) {
    cells.resize(m_rows.front().size());
    for (std::string& cell : cells) // names from files (metrics, checks, runs) reach the terminal
        cell = printable(cell);
    m_rows.push_back(std::move(cells));
}

void TextTable::print(std::ostream& out) const {
    std::vector<std::size_t> widths(m_rows.front().size(), 0);
    for (const auto& row : m_rows)
        for (std::size_t column = 0; column < row.size(); ++column)
            widths[column] = std::max(widths[column], displayWidth(row[column]));
    for (const auto& row : m_rows) {
        std::string line;
        for (std::size_t column = 0; column < row.size(); ++column) {
            const std::string padding(widths[column] - displayWidth(row[column]), ' ');
            line += m_rightAligned[column] ? padding + row[column] : row[column] + padding;
            if (column + 1 < row.size())
                line += "  ";
        }
        line.erase(line.find_last_not_of(' ') + 1);
        out << line << "\n";
    }
}

} // namespace loadbench::cli
