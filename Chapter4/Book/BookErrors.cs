using Chapter4.Language;

namespace Chapter4.Book;

/// <summary>
/// The book's one-line errors (BookErrors.resx, BookErrors.zh-CN.resx): why `--out` is refused, why a site could not be
/// written, a broken "Try this" prompt. A class of their own because the SDK names a .resx after the first type in the
/// .cs file beside it, and BookSite.cs and BookTryThis.cs open with records.
/// </summary>
internal static class BookErrors
{
    /// <summary>The template filled with <paramref name="args"/> (numbers invariant).</summary>
    public static string Format(string key, params object?[] args) => Texts.Format(typeof(BookErrors), key, args);
}
