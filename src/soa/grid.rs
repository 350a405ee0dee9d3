//! A sheet as read from a CSV file or a workbook: its non-empty cells by row and column,
//! sparse, so a cell far to the right or far down costs one cell, not the rows and columns
//! before it.

/// One cell's text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Cell {
    /// Its text, trimmed.
    pub text: String,
    /// Whether the workbook stored it as a number (8.10 then reads 8.1).
    pub numeric: bool,
}

/// One row: its number in the file (from 1) and its non-empty cells by column (from 1), in
/// column order.
#[derive(Debug, Clone, Default)]
pub(super) struct Row {
    /// The row's number, as a spreadsheet shows it.
    pub number: usize,
    /// The non-empty cells, by column.
    pub cells: Vec<(usize, Cell)>,
}

impl Row {
    /// The cell in `column`, if it holds anything.
    pub fn get(&self, column: usize) -> Option<&Cell> {
        self.cells
            .iter()
            .find(|(c, _)| *c == column)
            .map(|(_, cell)| cell)
    }

    /// The text in `column`, empty when there is none.
    pub fn text(&self, column: usize) -> &str {
        self.get(column).map_or("", |c| c.text.as_str())
    }
}

/// A sheet: its name (for a workbook) and its rows with anything in them, in order.
#[derive(Debug, Clone, Default)]
pub(super) struct Sheet {
    /// The sheet's name in a workbook.
    pub name: Option<String>,
    /// The rows holding at least one cell.
    pub rows: Vec<Row>,
}
