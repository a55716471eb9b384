using System.Globalization;
using System.Text;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Parity;

namespace Chapter4.Book;

/// <summary>The sections of a lesson page: the course view, take-aways, the values beside PyTorch, the deep dive, the exercises.</summary>
public static partial class BookHtml
{
    /// <summary>The lesson's explanations without the errata (they have their own section) and without blank runs.</summary>
    private static string TakeAways(BookPage page)
    {
        var errata = CourseErrata.For(page.Lesson.Id).Select(e => e.Line).ToHashSet();
        var lines = page.Notes.Replace("\r", "").Split('\n').Where(l => !errata.Contains(l)).ToList();
        var kept = new List<string>();
        foreach (string line in lines)
            if (line.Trim().Length > 0 || (kept.Count > 0 && kept[^1].Trim().Length > 0)) kept.Add(line);
        return string.Join("\n", kept).Trim('\n');
    }

    /// <summary>
    /// What the learner reads first: the course's snippet in C# beside the same script in Python, cut at their step
    /// markers so each step's two halves share a row (a CSS grid: equal heights, no script). A lesson beyond the
    /// course shows its own Run.
    /// </summary>
    private static string CourseViewSection(Lesson lesson)
    {
        var html = new StringBuilder("<section id=\"course-view\">\n");
        var steps = CourseView.Steps(lesson);
        if (steps.Count > 0 && CourseView.CSharpSnippet(lesson) is var (csFile, _) && CourseView.PythonSnippet(lesson) is var (pyFile, _))
        {
            html.Append("<h2>The course's code: C# beside Python</h2>\n")
                .Append($"<p class=\"files\"><code>dotnet run {E(csFile)}</code> and <code>python3 {E(pyFile)}</code> print the same bytes; ")
                .Append("each row is one step of the course's script.</p>\n")
                .Append("<div class=\"steps\">\n<div class=\"head\">C#</div><div class=\"head\">Python</div>\n");
            foreach (CourseStep step in steps)
                html.Append($"<pre class=\"step\"><code class=\"language-csharp\">{CodeHtml.CSharp(step.CSharp)}</code></pre>")
                    .Append($"<pre class=\"step\"><code class=\"language-python\">{CodeHtml.Python(step.Python)}</code></pre>\n");
            html.Append("</div>\n");
        }
        else
        {
            var (file, text) = CourseView.CSharp(lesson);
            html.Append("<h2>The lesson's code</h2>\n")
                .Append($"<p class=\"files\">The course has no code block here: this is the lesson's <code>Run</code>, from <code>{E(file)}</code>.</p>\n")
                .Append($"<pre><code class=\"language-csharp\">{CodeHtml.CSharp(text)}</code></pre>\n");
        }
        return html.Append("</section>\n").ToString();
    }

    /// <summary>The exercises of the lesson's section (练习), each with the command that checks it against PyTorch.</summary>
    private static string Exercises(Lesson lesson)
    {
        var exercises = CourseExercises.For(lesson.Section).ToList();
        if (exercises.Count == 0) return "";
        var html = new StringBuilder("<section id=\"exercises\">\n<h2>Practise <span lang=\"zh\">练习</span></h2>\n")
            .Append("<p>Write one function yourself, then check it against PyTorch's values (add <code>--hint</code> for a hint):</p>\n<ul>\n");
        foreach (CourseExercise e in exercises)
            html.Append($"<li><span lang=\"zh\">{E(e.TitleChinese)}</span> — {E(e.TitleEnglish)}: edit <code>{E(e.File)}</code>, then <code>{E(e.Command)}</code></li>\n");
        return html.Append("</ul>\n</section>\n").ToString();
    }

    /// <summary>The lesson's whole class beside the PyTorch twin its fixtures come from, folded away.</summary>
    private static string DeepDive(Lesson lesson)
    {
        var html = new StringBuilder("<details class=\"deep-dive\">\n<summary>Deep dive: the lesson's class and its PyTorch twin</summary>\n<section class=\"code\">\n");
        html.Append($"<div class=\"pane\" id=\"csharp\">\n<h2>C# <span class=\"file\">{E(LessonSource.CSharpFile(lesson))}</span></h2>\n")
            .Append($"<pre><code class=\"language-csharp\">{CodeHtml.CSharp(LessonSource.CSharp(lesson))}</code></pre>\n</div>\n");
        if (Reference.Twin(lesson.Id) is var (file, source))
            html.Append($"<div class=\"pane\" id=\"python\">\n<h2>Python <span class=\"file\">{E(file)}</span></h2>\n")
                .Append($"<pre><code class=\"language-python\">{CodeHtml.Python(source)}</code></pre>\n</div>\n");
        else
            html.Append("<div class=\"pane\" id=\"python\">\n<h2>Python</h2>\n<p>This lesson has no PyTorch twin.</p>\n</div>\n");
        return html.Append("</section>\n</details>\n").ToString();
    }

    private static string PyTorchDelta(BookPage page)
    {
        var html = new StringBuilder("<section id=\"pytorch\">\n<h2>Beside PyTorch</h2>\n");
        ComparisonSummary? c = page.Outcome.Error is null ? ComparisonSummary.Of(page.Lesson, page.Outcome) : null;
        if (c is null) return html.Append($"<p>{E(ComparisonSummary.NoReference(page.Lesson))}</p>\n</section>\n").ToString();
        html.Append($"<p>Reference run <code>{E(c.Entry.Name)}</code> of PyTorch {E(c.Entry.TorchVersion)} (<code>tools/parity/reference.py</code>): ")
            .Append($"{c.Values.Count} values, <strong>{c.BitExact} bit-exact</strong> as float32")
            .Append(c.BitExact == c.Values.Count ? "" : $", the others within {c.MaxUlps} ulps (largest |Δ| {c.MaxAbsDifference.ToString("G3", CultureInfo.InvariantCulture)}; bounds and reasons in <code>ParityTests.cs</code>)")
            .Append(".</p>\n");
        foreach (string m in c.Comparison.Mismatches) html.Append($"<p class=\"error\">mismatch: {E(m)}</p>\n");
        var shown = c.Sample(24);
        html.Append("<table>\n<thead><tr><th>value</th><th>PyTorch</th><th>Chapter4</th><th>|Δ|</th><th>float32 ulps</th></tr></thead>\n<tbody>\n");
        foreach (ComparedValue v in shown)
            html.Append($"<tr class=\"{(v.BitExactFloat32 ? "exact" : "near")}\"><td><code>{E(v.Path)}</code></td>")
                // Equal as float32 (PyTorch's side may be the float32 widened to a double): shown as the float32 both are.
                .Append(v.BitExactFloat32
                    ? $"<td>{N((float)v.Expected)}</td><td>{N((float)v.Actual)}</td><td>0</td>"
                    : $"<td>{N(v.Expected)}</td><td>{N(v.Actual)}</td><td>{N(v.AbsoluteDifference, "G3")}</td>")
                .Append($"<td>{(v.BitExactFloat32 ? "0 (bit-exact)" : v.UlpDistanceFloat32.ToString(CultureInfo.InvariantCulture))}</td></tr>\n");
        html.Append("</tbody>\n</table>\n");
        if (c.Values.Count > shown.Count) html.Append($"<p class=\"more\">{c.Values.Count - shown.Count} more values in <code>{E(page.Lesson.Id)} --compare --json</code>.</p>\n");
        return html.Append("</section>\n").ToString();
    }
}
