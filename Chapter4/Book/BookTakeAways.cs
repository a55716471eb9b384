using Chapter4.Course;
using Chapter4.Harness;

namespace Chapter4.Book;

/// <summary>
/// Where a page's take-aways come from, in one place: for now the lesson's notes (what it wrote with ctx.Note) without
/// the course's errata, which have their own section, and without runs of blank lines. When lessons record their
/// take-aways as claims (ctx.Takeaways), only this class changes.
/// </summary>
public static class BookTakeAways
{
    public static IReadOnlyList<string> Lines(BookPage page) => Lines(page.Lesson, page.Notes);

    public static IReadOnlyList<string> Lines(Lesson lesson, string notes)
    {
        var errata = CourseErrata.For(lesson.Id).Select(e => e.Line).ToHashSet();
        var kept = new List<string>();
        foreach (string line in notes.Replace("\r", "").Split('\n').Where(l => !errata.Contains(l)))
            if (line.Trim().Length > 0 || (kept.Count > 0 && kept[^1].Trim().Length > 0)) kept.Add(line);
        while (kept.Count > 0 && kept[^1].Trim().Length == 0) kept.RemoveAt(kept.Count - 1);
        return kept;
    }
}
