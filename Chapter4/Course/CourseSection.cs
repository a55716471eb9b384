namespace Chapter4.Course;

/// <summary>A section of the course text (chapter 4 of the course's notes) that a lesson mirrors.</summary>
/// <param name="Number">Position in the course, e.g. "2.2.1"; lessons are listed in this order.</param>
/// <param name="Chinese">The heading exactly as the course writes it.</param>
/// <param name="English">An English title for the same heading.</param>
/// <param name="Note">For a heading with no snippet of its own: what it says, in short (null when lessons cover it).</param>
public sealed record CourseSection(string Number, string Chinese, string English, string? Note = null)
{
    /// <summary>Orders "2.10" after "2.9", as a reader of the course expects.</summary>
    public static int Compare(CourseSection a, CourseSection b)
    {
        int[] x = a.Number.Split('.').Select(int.Parse).ToArray();
        int[] y = b.Number.Split('.').Select(int.Parse).ToArray();
        for (int i = 0; i < Math.Min(x.Length, y.Length); i++)
            if (x[i] != y[i]) return x[i].CompareTo(y[i]);
        return x.Length.CompareTo(y.Length);
    }

    public override string ToString() => $"{Number} {Chinese} ({English})";
}
