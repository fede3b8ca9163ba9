#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace loadbench::cli {

/// Columns padded to their widest cell; numbers are right-aligned by the caller's choice.
class TextTable {
public:
    explicit TextTable(std::vector<std::string> header, std::vector<bool> rightAligned = {});
    void addRow(std::vector<std::string> cells);
    void print(std::ostream& out) const;

private:
    std::vector<std::vector<std::string>> m_rows;
    std::vector<bool> m_rightAligned;
};

} // namespace loadbench::cli
