using Catalogue.Api.Generation;

namespace Catalogue.Tests.Generation;

/// <summary>What the progress of a generation or an import prints, as a log or a pipe reads it.</summary>
public sealed class when_generation_reports_its_progress
{
    /// <summary>
    /// Found from outside: the summary said "in 0:01" after a last progress line of 0:02, each timed on a clock of its
    /// own. The time the progress gives when the work ends is the one its last line shows, however late that is written.
    /// </summary>
    [Fact]
    public async Task the_time_given_when_the_work_ends_is_the_time_its_last_line_shows()
    {
        var output = new StringWriter();
        var progress = new GenerationProgress(output, total: 10, terminal: false);
        progress.Add(10);

        var took = progress.Finish();
        // Longer than the second a duration is shown to: a clock still running would show another.
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await progress.DisposeAsync();

        var lastLine = output.ToString().TrimEnd().Split('\n')[^1].TrimEnd();
        Assert.EndsWith("  " + GenerationProgress.Duration(took), lastLine);
        Assert.Contains("100 %", lastLine);
    }
}
