using System.Globalization;
using Chapter4.Language;

namespace Chapter4.Course;

/// <summary>
/// A mistake in the course text: where it is made, its words (what the course says and what is right, from
/// CourseErrata.resx in English and CourseErrata.zh-CN.resx in Chinese, keyed "<c>Key</c>.course" and
/// "<c>Key</c>.correction") and the lessons that show it (none for a claim no snippet can test).
/// </summary>
public sealed record CourseErratum(string Key, CourseSection Section, string[] Lessons)
{
    /// <summary>What the course says, in the learner's language.</summary>
    public string Course => CourseIn(CultureInfo.CurrentUICulture);

    /// <summary>What is right, in the learner's language.</summary>
    public string Correction => CorrectionIn(CultureInfo.CurrentUICulture);

    public string CourseIn(CultureInfo culture) => Texts.Get(typeof(CourseErrata), Key + ".course", culture);

    public string CorrectionIn(CultureInfo culture) => Texts.Get(typeof(CourseErrata), Key + ".correction", culture);

    /// <summary>The line a lesson prints where the learner meets the mistake, in the learner's language.</summary>
    public string Line => LineIn(CultureInfo.CurrentUICulture);

    /// <summary>"Course erratum: …" (English) or "课程勘误：…" (Chinese).</summary>
    public string LineIn(CultureInfo culture) => string.Format(CultureInfo.InvariantCulture,
        Texts.Get(typeof(CourseErrata), Lessons.Length > 0 ? "line" : "line.no-lesson", culture),
        CourseIn(culture), CorrectionIn(culture), string.Join(", ", Lessons));
}
