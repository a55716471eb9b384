using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Chapter4.Course;
using Chapter4.Harness;
using NUnit.Framework;

namespace Chapter4.Tests;

/// <summary>
/// `book` builds a static site that works: every lesson in the index in course order, every local link and
/// image resolves inside the site, nothing is fetched from elsewhere, each lesson page holds what the lesson
/// printed and both code panes, and a real browser (Debian's chromium, headless) loads and draws the pages.
/// HTML is read with AngleSharp's HTML5 parser, never with regular expressions.
/// </summary>
[NonParallelizable]
[TestOf(typeof(Chapter4.Book.BookSite))]
[Category("Browser")]
public partial class BookTests
{
    private static readonly HtmlParser Parser = new();
    private string _root = "";
    private string _site = "";
    private int _exit;
    private string _stdout = "", _stderr = "";

    [OneTimeSetUp]
    public void BuildTheBookOnce()
    {
        _root = Directory.CreateTempSubdirectory("chapter4-book-").FullName;
        _site = Path.Combine(_root, "site");
        (_exit, _stdout, _stderr) = CliAssert.Run("book", "--out", _site);
    }

    [OneTimeTearDown]
    public async Task RemoveIt()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        Directory.Delete(_root, recursive: true);
    }

    private static IDocument Page(string path) => Parser.ParseDocument(File.ReadAllText(path));

    [Test]
    public void BuildsEveryPageAndSaysWhereItIs()
    {
        Assert.That(_exit, Is.Zero, _stderr);
        Assert.That(_stdout, Does.Contain($"book: {LessonRegistry.Ids.Count} lesson pages"));
        Assert.That(_stdout, Does.Contain(Path.Combine(_site, "index.html")));
        foreach (string id in LessonRegistry.Ids) Assert.That(File.Exists(Path.Combine(_site, id + ".html")), id);
        // Built beside the target and moved into place: nothing else is left in the parent.
        Assert.That(Directory.GetFileSystemEntries(_root).Select(Path.GetFileName), Is.EqualTo(new[] { "site" }));
    }

    [Test]
    public void IndexListsEveryLessonInCourseOrderUnderEveryHeading()
    {
        using var index = Page(Path.Combine(_site, "index.html"));
        var links = index.QuerySelectorAll(".outline a").Select(a => a.GetAttribute("href")).ToList();
        Assert.That(links, Is.EqualTo(LessonRegistry.Ids.Select(id => id + ".html")));
        var numbers = index.QuerySelectorAll(".outline > li > .number").Select(n => n.TextContent).ToList();
        Assert.That(numbers, Is.EqualTo(CourseOutline.Sections.Select(s => s.Number)));
        Assert.That(index.QuerySelectorAll(".outline .zh").Select(z => z.TextContent), Is.EqualTo(CourseOutline.Sections.Select(s => s.Chinese)));
    }

    [Test]
    public void EveryLocalLinkAndImageResolvesAndNothingIsFetchedFromElsewhere()
    {
        var pages = Directory.GetFiles(_site, "*.html");
        Assert.That(pages, Has.Length.EqualTo(LessonRegistry.Ids.Count + 1));
        int checkedReferences = 0;
        foreach (string file in pages)
        {
            using var page = Page(file);
            Assert.That(page.QuerySelectorAll("script, iframe, object, embed"), Is.Empty, file);
            var references = page.QuerySelectorAll("a[href]").Select(a => a.GetAttribute("href")!)
                .Concat(page.QuerySelectorAll("img").Select(i => i.GetAttribute("src") ?? ""))
                .Concat(page.QuerySelectorAll("link").Select(l => l.GetAttribute("href") ?? ""));
            foreach (string reference in references)
            {
                Assert.That(Uri.TryCreate(reference, UriKind.Absolute, out _) || reference.StartsWith("//", StringComparison.Ordinal), Is.False,
                    $"{Path.GetFileName(file)} refers outside the site: {reference}");
                string target = Path.GetFullPath(Path.Combine(_site, Uri.UnescapeDataString(reference.Split('#')[0])));
                Assert.That(target, Does.StartWith(_site + Path.DirectorySeparatorChar), $"{Path.GetFileName(file)}: {reference}");
                Assert.That(File.Exists(target), Is.True, $"{Path.GetFileName(file)}: {reference} does not resolve");
                checkedReferences++;
            }
        }
        // Every page links the stylesheet, contents and neighbours; the plot pages their images.
        Assert.That(checkedReferences, Is.GreaterThan(4 * LessonRegistry.Ids.Count));
        Assert.That(Directory.GetFiles(Path.Combine(_site, "plots"), "*.png"), Has.Length.EqualTo(LessonRegistry.All().Sum(l => l.Plots.Count)));
    }

    /// <summary>
    /// The page's output pane holds exactly what the lesson prints as the Python does (run here again, independently of
    /// the book, its explanations sent elsewhere), and both code panes.
    /// </summary>
    [TestCase("backprop-model", "class BackpropModelLesson", "def backprop_model")]
    [TestCase("loss-ce", "class CrossEntropyLossLesson", "def loss_ce")]
    public void LessonPageHoldsItsOutputAndBothCodePanes(string id, string csharp, string python)
    {
        using var page = Page(Path.Combine(_site, id + ".html"));
        var printed = new StringWriter();
        var outcome = LessonRunner.Run(LessonRegistry.Find(id)!, new RunOptions(PlotsDir: null, Device: DeviceChoice.Cpu, Notes: TextWriter.Null), printed);
        Assert.That(outcome.Error, Is.Null);
        Assert.That(page.QuerySelector("#output pre")!.TextContent, Is.EqualTo(printed.ToString()));
        Assert.That(page.QuerySelector("#csharp code")!.TextContent, Does.Contain(csharp));
        Assert.That(page.QuerySelector("#python code")!.TextContent, Does.Contain(python));
        Assert.That(page.QuerySelector("#csharp code .kw"), Is.Not.Null, "highlighted");
        Assert.That(page.QuerySelector(".course .zh")!.TextContent, Is.EqualTo(LessonRegistry.Find(id)!.Section.Chinese));
        var errata = page.QuerySelectorAll("#errata li").Select(li => li.TextContent).ToList();
        Assert.That(errata, Is.EqualTo(CourseErrata.For(id).Select(e => e.Line)));
        Assert.That(errata, Is.Not.Empty);
        Assert.That(errata, Is.All.StartWith("Course erratum: "));
        Assert.That(page.QuerySelector("#pytorch")!.TextContent, Does.Contain("bit-exact"));
        Assert.That(page.QuerySelector(".settings")!.TextContent, Does.Contain($"Seed {outcome.Seed}, the lesson's default"));
    }

    /// <summary>
    /// Each page opens on the course view: for a lesson with a snippet, one grid row per step, the C# cell beside the
    /// Python cell, the two files whole when the rows are put together; the lesson's class follows, folded away.
    /// </summary>
    [TestCase("momentum")]
    [TestCase("parameters")]
    [TestCase("lr-step")]
    public void ALessonPageOpensOnItsSnippetsAlignedByStep(string id)
    {
        using var page = Page(Path.Combine(_site, id + ".html"));
        var cells = page.QuerySelectorAll("#course-view .steps pre.step code").ToList();
        Assert.That(cells, Has.Count.GreaterThanOrEqualTo(8).And.Count.Matches<int>(n => n % 2 == 0));
        var csharp = cells.Where((_, i) => i % 2 == 0).ToList();
        var python = cells.Where((_, i) => i % 2 == 1).ToList();
        Assert.That(csharp, Has.All.Matches<IElement>(c => c.ClassList.Contains("language-csharp")));
        Assert.That(python, Has.All.Matches<IElement>(c => c.ClassList.Contains("language-python")));
        Lesson lesson = LessonRegistry.Find(id)!;
        string root = Chapter4.Files.Repository.FindRoot(AppContext.BaseDirectory)!;
        Assert.That(string.Concat(csharp.Select(c => c.TextContent)), Is.EqualTo(File.ReadAllText(Path.Combine(root, "snippets", lesson.Snippet + ".cs"))));
        Assert.That(string.Concat(python.Select(c => c.TextContent)), Is.EqualTo(File.ReadAllText(Path.Combine(root, "snippets", lesson.Snippet + ".py"))));
        // Row k holds step k on both sides.
        for (int k = 1; k < csharp.Count; k++)
            Assert.That(csharp[k].TextContent.TrimStart()[3..].Split(' ')[0], Is.EqualTo(python[k].TextContent.TrimStart()[2..].Split(' ')[0]), $"row {k}");
        // The course view comes before the output; the deep dive after it, folded.
        string html = page.DocumentElement.OuterHtml;
        Assert.That(html.IndexOf("id=\"course-view\"", StringComparison.Ordinal), Is.LessThan(html.IndexOf("id=\"output\"", StringComparison.Ordinal)));
        Assert.That(page.QuerySelector("details.deep-dive #csharp"), Is.Not.Null);
    }

    /// <summary>Every page ends with its section's exercises and the command that checks each (issue 25); list shows them too.</summary>
    [Test]
    public void PagesAndListShowTheirSectionsExercises()
    {
        Assert.That(CourseExercises.All, Has.Count.GreaterThanOrEqualTo(12));
        string list = CliAssert.Run("list").Out;
        foreach (CourseExercise exercise in CourseExercises.All)
        {
            Assert.That(CourseOutline.Sections.Select(s => s.Number), Does.Contain(exercise.Section), exercise.Id);
            Assert.That(list, Does.Contain(exercise.Command));
            foreach (Lesson lesson in LessonRegistry.All().Where(l => l.Section.Number == exercise.Section))
            {
                using var page = Page(Path.Combine(_site, lesson.Id + ".html"));
                Assert.That(page.QuerySelector("#exercises")?.TextContent, Does.Contain(exercise.Command), $"{lesson.Id}: {exercise.Id}");
            }
        }
    }

    /// <summary>Each figure's caption is the one its lesson gives that plot (the README's table is checked against the same in PlotTests).</summary>
    [Test]
    public void PlotsCarryTheirLessonsCaptions()
    {
        int figures = 0;
        foreach (Lesson lesson in LessonRegistry.All().Where(l => l.Plots.Count > 0))
        {
            using var page = Page(Path.Combine(_site, lesson.Id + ".html"));
            foreach (IElement figure in page.QuerySelectorAll("#plots figure"))
            {
                string file = Path.GetFileName(figure.QuerySelector("img")!.GetAttribute("src")!);
                string caption = figure.QuerySelector("figcaption")!.TextContent[(file.Length + 1)..];
                Assert.That(caption, Is.EqualTo(lesson.Plots.Single(p => p.File == file).Caption), file);
                figures++;
            }
        }
        Assert.That(figures, Is.EqualTo(LessonRegistry.All().Sum(l => l.Plots.Count)));
    }

    /// <summary>
    /// --seed and --set pass through and every page says so; a lesson that fails gets its page with the one-line
    /// error, the book still builds, the exit code says a lesson failed; an older site at --out is replaced whole.
    /// </summary>
    [Test]
    public void SeedAndKnobsPassThroughAndAFailedLessonGetsItsPage()
    {
        string site = Path.Combine(_root, "seeded");
        Directory.CreateDirectory(site);
        File.WriteAllText(Path.Combine(site, "stale.html"), "from an earlier build");
        Chapter4.Book.BookFolder.Mark(site, listContents: true);
        // What a build stopped by Ctrl-C leaves (marked, its process long gone): the next build removes it.
        Directory.CreateDirectory(Path.Combine(_root, ".seeded.building-2147483646"));
        Chapter4.Book.BookFolder.Mark(Path.Combine(_root, ".seeded.building-2147483646"));
        // momentum at lr 1e30: w jumps to 1e30, then overflows float32: the lesson stops with exit 1.
        var (exit, stdout, stderr) = CliAssert.Run("book", "--out", site, "--seed", "3", "--set", "momentum:lr=1e30", "--set", "adam:steps=5", "--only", "momentum,adam");
        try
        {
            Assert.That(exit, Is.EqualTo(1), stderr);
            // One line for the one failed lesson, nothing else (progress lines are for a terminal only).
            Assert.That(stderr.Trim().Split('\n'), Is.EqualTo(new[] { stderr.Trim() }));
            Assert.That(stderr, Does.StartWith("error: momentum: diverged"));
            Assert.That(stdout, Does.Contain("open "));
            Assert.That(File.Exists(Path.Combine(site, "stale.html")), Is.False, "the old site is replaced, not merged");
            foreach (string id in new[] { "momentum", "adam" })
            {
                using var page = Page(Path.Combine(site, id + ".html"));
                Assert.That(page.QuerySelector(".settings")!.TextContent, Does.Contain("Built for seed 3 (book --seed 3)"), id);
            }
            using var momentum = Page(Path.Combine(site, "momentum.html"));
            Assert.That(momentum.QuerySelector("#output .error")!.TextContent, Does.Contain("The run failed (exit code 1)"));
            Assert.That(momentum.QuerySelector(".settings")!.TextContent, Does.Contain("--lr 1e30"));
            using var adam = Page(Path.Combine(site, "adam.html"));
            Assert.That(adam.QuerySelector(".settings")!.TextContent, Does.Contain("adam --seed 3 --steps 5"));
            Assert.That(adam.QuerySelector("#output .error"), Is.Null);
            using var index = Page(Path.Combine(site, "index.html"));
            Assert.That(index.QuerySelectorAll(".failed"), Has.Length.EqualTo(1));
            Assert.That(Directory.GetDirectories(_root).Select(Path.GetFileName), Is.EquivalentTo(new[] { "site", "seeded" }));
        }
        finally
        {
            Directory.Delete(site, recursive: true);
        }
    }

    [Test]
    public void BadOutOrSetIsOneLineAndLeavesNothingBehind()
    {
        string file = Path.Combine(_root, "a-file");
        File.WriteAllText(file, "x");
        var (exit, stdout, stderr) = CliAssert.Run("book", "--out", file);
        Assert.That((exit, stdout), Is.EqualTo((2, "")));
        Assert.That(stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
        Assert.That(stderr, Does.Contain("is a file"));
        Assert.That(File.ReadAllText(file), Is.EqualTo("x"));

        (exit, _, stderr) = CliAssert.Run("book", "--out", Path.Combine(_root, "no", "such", "parent"));
        Assert.That(exit, Is.EqualTo(2));
        Assert.That(stderr, Does.Contain("does not exist"));

        // A device no lesson can use: one line before anything is built (on a machine without CUDA, as CI's).
        if (!TorchSharp.torch.cuda.is_available())
        {
            (exit, stdout, stderr) = CliAssert.Run("book", "--out", Path.Combine(_root, "x"), "--device", "cuda");
            Assert.That((exit, stdout, stderr.Trim().Split('\n').Length), Is.EqualTo((2, "", 1)), stderr);
            Assert.That(stderr, Does.Contain("--device cuda: CUDA is not available"));
        }

        (exit, _, stderr) = CliAssert.Run("book", "--out", Path.Combine(_root, "x"), "--set", "momentum:lr=0.1", "--set", "adam:lr=-1");
        Assert.That(exit, Is.EqualTo(2));
        // Which --set it was: the lesson names the line.
        Assert.That(stderr, Is.EqualTo("error: adam: --lr -1 is out of range: expected number > 0\n"));
        (exit, _, stderr) = CliAssert.Run("book", "--out", Path.Combine(_root, "x"), "--set", "nosuch:lr=1");
        Assert.That((exit, stderr.Contains("unknown lesson 'nosuch'")), Is.EqualTo((2, true)));
        File.Delete(file);
        Assert.That(Directory.GetFileSystemEntries(_root).Select(Path.GetFileName), Is.EqualTo(new[] { "site" }));
    }

}
