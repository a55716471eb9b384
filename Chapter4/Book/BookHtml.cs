using System.Globalization;
using System.Text;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Parity;

namespace Chapter4.Book;

/// <summary>The book's HTML: the index in course order, one page per lesson, one stylesheet. No script, no external resource.</summary>
public static class BookHtml
{
    public static string PageFile(Lesson lesson) => lesson.Id + ".html";

    private static string E(string text) => CodeHtml.Escape(text);

    private static string Head(string title) =>
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n" +
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
        $"<title>{E(title)}</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n</head>\n<body>\n";

    private const string Foot = "</body>\n</html>\n";

    /// <summary>What every page says about the settings it was built with.</summary>
    private static string Settings(BookPage page, string seedOption)
    {
        string seed = seedOption.Length > 0
            ? $"Built for seed {page.Outcome.Seed} (<code>book {E(seedOption)}</code>)"
            : $"Seed {page.Outcome.Seed}, the lesson's default";
        string knobs = page.Knobs.Length > 0 ? $"; knobs <code>{E(page.Knobs)}</code>" : "";
        string command = $"dotnet run --project Chapter4 -- {page.Lesson.Id} --seed {page.Outcome.Seed}{(page.Knobs.Length > 0 ? " " + page.Knobs : "")}";
        return $"<p class=\"settings\">{seed}{knobs}. The same run in a terminal: <code>{E(command)}</code></p>\n";
    }

    public static string Index(IReadOnlyList<BookPage> pages, string seedOption)
    {
        var html = new StringBuilder(Head("Chapter4 — chapter 4 of the PyTorch course, as C# lessons"));
        html.Append("<header class=\"book\">\n<h1>Chapter4</h1>\n<p>Chapter 4 of the PyTorch deep-learning course (<span lang=\"zh\">深度学习第四章节</span>), every snippet a C# lesson on ")
            .Append("TorchSharp, checked against PyTorch. Each page shows the lesson's C# beside its Python twin, what it printed, ")
            .Append("its plots, the course's errata and the values beside PyTorch's.</p>\n");
        html.Append(seedOption.Length > 0
            ? $"<p class=\"settings\">Every lesson built for <code>{E(seedOption)}</code>.</p>\n"
            : "<p class=\"settings\">Every lesson at its default seed.</p>\n");
        int failed = pages.Count(p => p.Outcome.Error is not null);
        if (failed > 0) html.Append($"<p class=\"error\">{failed} lesson(s) failed in this build; their pages show why.</p>\n");
        html.Append("</header>\n<main>\n<ol class=\"outline\">\n");
        foreach (CourseSection section in CourseOutline.Sections)
        {
            int depth = section.Number.Count(c => c == '.');
            html.Append($"<li class=\"depth-{depth}\"><span class=\"number\">{E(section.Number)}</span> ")
                .Append($"<span class=\"zh\" lang=\"zh\">{E(section.Chinese)}</span> <span class=\"en\">{E(section.English)}</span>\n");
            var here = pages.Where(p => p.Lesson.Section == section).ToList();
            if (here.Count > 0)
            {
                html.Append("<ul class=\"lessons\">\n");
                foreach (BookPage p in here)
                    html.Append($"<li><a href=\"{PageFile(p.Lesson)}\">{E(p.Lesson.Id)}</a> — {E(p.Lesson.Description)}")
                        .Append(p.Outcome.Error is null ? "" : " <span class=\"failed\">failed</span>").Append("</li>\n");
                html.Append("</ul>\n");
            }
            else if (section.Note is not null)
            {
                html.Append($"<p class=\"note\">{E(section.Note)}</p>\n");
            }
            html.Append("</li>\n");
        }
        html.Append("</ol>\n</main>\n");
        return html.Append(Foot).ToString();
    }

    public static string LessonPage(IReadOnlyList<BookPage> pages, int index, string seedOption)
    {
        BookPage page = pages[index];
        Lesson lesson = page.Lesson;
        var html = new StringBuilder(Head($"{lesson.Id} — Chapter4"));
        string nav = Navigation(pages, index);
        html.Append(nav);
        html.Append("<header>\n")
            .Append($"<p class=\"course\"><span class=\"number\">{E(lesson.Section.Number)}</span> <span class=\"zh\" lang=\"zh\">{E(lesson.Section.Chinese)}</span> ")
            .Append($"<span class=\"en\">{E(lesson.Section.English)}</span></p>\n")
            .Append($"<h1>{E(lesson.Id)}</h1>\n<p class=\"description\">{E(lesson.Description)}</p>\n")
            .Append(Settings(page, seedOption))
            .Append("</header>\n<main>\n");

        html.Append(CourseViewSection(lesson));
        string takeaways = TakeAways(page);
        if (page.Outcome.Error is not null)
        {
            html.Append("<section id=\"output\">\n<h2>Output</h2>\n")
                .Append($"<p class=\"error\">The run failed (exit code {page.Outcome.ExitCode}): {E(page.Outcome.Error)}</p>\n");
            if (page.Printed.Trim().Length > 0)
                html.Append($"<details><summary>What it printed before that</summary>\n<pre class=\"output\">\n{E(page.Printed)}</pre>\n</details>\n");
            html.Append("</section>\n");
        }
        else
        {
            html.Append($"<section id=\"output\">\n<h2>Output</h2>\n<pre class=\"output\">\n{E(page.Printed)}</pre>\n</section>\n");
        }

        if (page.Outcome.Plots.Count > 0)
        {
            html.Append("<section id=\"plots\">\n<h2>Plots</h2>\n");
            foreach (string plot in page.Outcome.Plots)
            {
                string name = Path.GetFileName(plot);
                string caption = page.Lesson.Plots.FirstOrDefault(p => p.File == name)?.Caption ?? "";
                html.Append($"<figure>\n<img src=\"plots/{E(name)}\" alt=\"{E(caption.Length > 0 ? caption : name)}\">\n")
                    .Append($"<figcaption><code>{E(name)}</code> {E(caption)}</figcaption>\n</figure>\n");
            }
            html.Append("</section>\n");
        }

        var errata = CourseErrata.For(lesson.Id).ToList();
        if (errata.Count > 0)
        {
            html.Append("<section id=\"errata\">\n<h2>Course errata</h2>\n<ul>\n");
            foreach (CourseErratum erratum in errata)
                html.Append($"<li>{E(erratum.Line)}</li>\n");
            html.Append("</ul>\n</section>\n");
        }

        if (takeaways.Length > 0)
            html.Append($"<section id=\"takeaways\">\n<h2>Take-aways, computed from this run</h2>\n<pre class=\"notes\">\n{E(takeaways)}</pre>\n</section>\n");

        html.Append(PyTorchDelta(page));
        html.Append(DeepDive(lesson));
        html.Append(Exercises(lesson));
        html.Append("</main>\n").Append(nav);
        return html.Append(Foot).ToString();
    }

    private static string Navigation(IReadOnlyList<BookPage> pages, int index)
    {
        string Link(int i, string label) => i < 0 || i >= pages.Count
            ? $"<span class=\"none\">{label}</span>"
            : $"<a href=\"{PageFile(pages[i].Lesson)}\" rel=\"{(i < index ? "prev" : "next")}\">{label} {E(pages[i].Lesson.Id)}</a>";
        return $"<nav>{Link(index - 1, "←")} <a href=\"index.html\">contents</a> {Link(index + 1, "→")}</nav>\n";
    }

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

    private static string N(double v, string format = "G9") => v.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>The book's stylesheet, Chapter4/Book/book.css (embedded at build time).</summary>
    public static string Stylesheet { get; } = ReadStylesheet();

    private static string ReadStylesheet()
    {
        using var stream = typeof(BookHtml).Assembly.GetManifestResourceStream("Chapter4.Book.book.css")!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
