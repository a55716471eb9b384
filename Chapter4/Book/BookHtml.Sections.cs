using System.Globalization;
using System.Text;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Parity;

namespace Chapter4.Book;

/// <summary>The sections of a lesson page: the course view, the update rule, try this, the values beside PyTorch, the deep dive, the exercises.</summary>
public static partial class BookHtml
{
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
            html.Append($"<h2>{E(BookText.CourseCodeHeading)}</h2>\n")
                .Append("<p class=\"files\">").Append(F(BookText.CourseCodeFiles, Code("dotnet run " + csFile), Code("python3 " + pyFile))).Append("</p>\n")
                .Append($"<div class=\"steps\">\n<div class=\"head\">{E(BookText.CSharp)}</div><div class=\"head\">{E(BookText.Python)}</div>\n");
            // The cells wrap their long lines (white-space: pre-wrap), so they never scroll and need no focus stop.
            foreach (CourseStep step in steps)
                html.Append($"<pre class=\"step\"><code class=\"language-csharp\">{CodeHtml.CSharp(step.CSharp)}</code></pre>")
                    .Append($"<pre class=\"step\"><code class=\"language-python\">{CodeHtml.Python(step.Python)}</code></pre>\n");
            html.Append("</div>\n");
        }
        else
        {
            var (file, text) = CourseView.CSharp(lesson);
            html.Append($"<h2>{E(BookText.LessonCodeHeading)}</h2>\n")
                .Append("<p class=\"files\">").Append(F(BookText.LessonCodeFile, Code(file))).Append("</p>\n")
                .Append($"{Pane(BookText.CodeLabel)}<code class=\"language-csharp\">{CodeHtml.CSharp(text)}</code></pre>\n");
        }
        return html.Append("</section>\n").ToString();
    }

    /// <summary>The update rule in MathML, for the optimizer, schedule and EWMA lessons (<see cref="BookFormulas"/>).</summary>
    private static string Rule(Lesson lesson)
    {
        if (BookFormulas.For(lesson.Id) is not { } rule) return "";
        var html = new StringBuilder($"<section id=\"rule\">\n<h2>{E(BookText.RuleHeading)}</h2>\n");
        foreach (string equation in rule.Equations) html.Append(BookFormulas.Block(equation)).Append('\n');
        return html.Append($"<p class=\"legend\">{E(rule.Legend)}</p>\n</section>\n").ToString();
    }

    /// <summary>The lesson with other knobs, run at build time (<see cref="BookTryThis"/>): each prompt, its command and what changed.</summary>
    private static string TryThis(BookPage page)
    {
        if (page.Tries.Count == 0) return "";
        var html = new StringBuilder($"<section id=\"try\">\n<h2>{E(BookText.TryHeading)}</h2>\n<p>{E(BookText.TryIntro)}</p>\n");
        foreach (TryRun run in page.Tries)
        {
            string knobs = BookTryThis.ForShell(run.Setting.Knobs);
            string command = BookTryThis.NamesSeed(run.Setting.Knobs) ? $"dotnet run --project Chapter4 -- {page.Lesson.Id} {knobs}" : Command(page.Lesson.Id, run.Outcome.Seed, knobs);
            html.Append($"<div class=\"try\">\n<h3>{Code(run.Setting.Knobs)}</h3>\n<p class=\"question\">{E(run.Setting.Question)}</p>\n")
                .Append($"<p class=\"settings\">{Code(command)}</p>\n");
            if (run.Outcome.Error is not null)
                html.Append($"<p class=\"error\">{F(BookText.TryFailed, run.Outcome.ExitCode.ToString(CultureInfo.InvariantCulture), E(run.Outcome.Error))}</p>\n");
            if (run.Lines.Count == 0)
            {
                if (run.Outcome.Error is null) html.Append($"<p>{E(BookText.TryNothingChanged)}</p>\n");
            }
            else
            {
                html.Append($"<p>{E(run.FromTakeAways ? BookText.TryTakeAways : BookText.TryPrinted)}</p>\n")
                    .Append(Pane(string.Format(CultureInfo.InvariantCulture, BookText.TryOutcomeLabel, run.Setting.Knobs), run.FromTakeAways ? "notes" : "output"))
                    .Append(E(string.Join("\n", run.Lines))).Append("</pre>\n");
                if (run.LinesLeftOut > 0)
                    html.Append($"<p class=\"more\">{F(BookText.TryMoreLines, run.LinesLeftOut.ToString(CultureInfo.InvariantCulture), Code(command))}</p>\n");
            }
            html.Append("</div>\n");
        }
        return html.Append("</section>\n").ToString();
    }

    /// <summary>The exercises of the lesson's section (练习), each with the command that checks it against PyTorch.</summary>
    private static string Exercises(Lesson lesson)
    {
        var exercises = CourseExercises.For(lesson.Section).ToList();
        if (exercises.Count == 0) return "";
        var html = new StringBuilder("<section id=\"exercises\">\n<h2>")
            .Append(F(BookText.ExercisesHeading, $"<span lang=\"zh\">{E(BookText.ExercisesChinese)}</span>")).Append("</h2>\n")
            .Append("<p>").Append(F(BookText.ExercisesIntro, Code("--hint"))).Append("</p>\n<ul>\n");
        foreach (CourseExercise e in exercises)
            html.Append("<li>").Append(F(BookText.Exercise, $"<span lang=\"zh\">{E(e.TitleChinese)}</span>", E(e.TitleEnglish), Code(e.File), Code(e.Command))).Append("</li>\n");
        return html.Append("</ul>\n</section>\n").ToString();
    }

    /// <summary>The lesson's whole class beside the PyTorch twin its fixtures come from, folded away.</summary>
    private static string DeepDive(Lesson lesson)
    {
        var html = new StringBuilder($"<details class=\"deep-dive\">\n<summary>{E(BookText.DeepDiveSummary)}</summary>\n<section class=\"code\">\n");
        html.Append($"<div class=\"pane\" id=\"csharp\">\n<h2>{E(BookText.CSharp)} <span class=\"file\">{E(LessonSource.CSharpFile(lesson))}</span></h2>\n")
            .Append($"{Pane(BookText.CSharpSourceLabel)}<code class=\"language-csharp\">{CodeHtml.CSharp(LessonSource.CSharp(lesson))}</code></pre>\n</div>\n");
        if (Reference.Twin(lesson.Id) is var (file, source))
            html.Append($"<div class=\"pane\" id=\"python\">\n<h2>{E(BookText.Python)} <span class=\"file\">{E(file)}</span></h2>\n")
                .Append($"{Pane(BookText.PythonSourceLabel)}<code class=\"language-python\">{CodeHtml.Python(source)}</code></pre>\n</div>\n");
        else
            html.Append($"<div class=\"pane\" id=\"python\">\n<h2>{E(BookText.Python)}</h2>\n<p>{E(BookText.NoTwin)}</p>\n</div>\n");
        return html.Append("</section>\n</details>\n").ToString();
    }

    private static string PyTorchDelta(BookPage page)
    {
        var html = new StringBuilder($"<section id=\"pytorch\">\n<h2>{E(BookText.PyTorchHeading)}</h2>\n");
        ComparisonSummary? c = page.Outcome.Error is null ? ComparisonSummary.Of(page.Lesson, page.Outcome) : null;
        if (c is null)
        {
            var names = Reference.For(page.Lesson.Id).Select(e => e.Name).ToList();
            return html.Append($"<p>{F(BookText.NoReference, E(names.Count == 0 ? BookText.NoReferenceAtAll : string.Join("; ", names)))}</p>\n</section>\n").ToString();
        }
        static string Int(long n) => n.ToString(CultureInfo.InvariantCulture);
        html.Append("<p>").Append(F(BookText.ReferenceRun, Code(c.Entry.Name), E(c.Entry.TorchVersion), Code("tools/parity/reference.py"),
                Int(c.Values.Count), $"<strong>{Int(c.BitExact)}</strong>"))
            .Append(c.BitExact == c.Values.Count ? "" : F(BookText.OthersWithin, Int(c.MaxUlps), c.MaxAbsDifference.ToString("G3", CultureInfo.InvariantCulture), Code("ParityTests.cs")))
            .Append(".</p>\n");
        foreach (string m in c.Comparison.Mismatches) html.Append($"<p class=\"error\">{F(BookText.Mismatch, E(m))}</p>\n");
        var shown = BookSample.Of(c.Values, 24);
        if (c.Values.Count > shown.Count) html.Append($"<p class=\"more\">{E(BookText.SampleRule)}</p>\n");
        html.Append($"<table>\n<thead><tr><th>{E(BookText.ColumnValue)}</th><th>{E(BookText.ColumnPyTorch)}</th><th>{E(BookText.ColumnChapter4)}</th>")
            .Append($"<th>{E(BookText.ColumnDifference)}</th><th>{E(BookText.ColumnUlps)}</th></tr></thead>\n<tbody>\n");
        foreach (ComparedValue v in shown)
            html.Append($"<tr class=\"{(v.BitExactFloat32 ? "exact" : "near")}\"><td><code>{E(v.Path)}</code></td>")
                // Equal as float32 (PyTorch's side may be the float32 widened to a double): shown as the float32 both are.
                .Append(v.BitExactFloat32
                    ? $"<td>{N((float)v.Expected)}</td><td>{N((float)v.Actual)}</td><td>0</td>"
                    : $"<td>{N(v.Expected)}</td><td>{N(v.Actual)}</td><td>{N(v.AbsoluteDifference, "G3")}</td>")
                .Append($"<td>{(v.BitExactFloat32 ? E(BookText.ZeroBitExact) : v.UlpDistanceFloat32.ToString(CultureInfo.InvariantCulture))}</td></tr>\n");
        html.Append("</tbody>\n</table>\n");
        if (c.Values.Count > shown.Count)
            html.Append($"<p class=\"more\">{F(BookText.MoreValues, Int(c.Values.Count - shown.Count), Code(page.Lesson.Id + " --compare --json"))}</p>\n");
        return html.Append("</section>\n").ToString();
    }
}
