using Catalogue.Api.Interop.Bulk;

namespace Catalogue.Tests.Interop;

/// <summary>
/// How long an import verb takes its file to be, for its progress bar: a file on disk by its length; a device or a
/// kernel's file, which seek but say 0 whatever they hold, as not known beforehand — as a pipe is — so the progress
/// shows the bytes read rather than "0.0/0.0 MiB" (found from outside with <c>import-jsonl /dev/zero</c>).
/// </summary>
public sealed class when_an_import_verb_measures_its_file
{
    private static async Task<long?> KnownLengthOf(string path)
    {
        await using var file = File.OpenRead(path);
        await using var input = await ImportInput.OpenAsync(file, CancellationToken.None);
        return input.KnownLength;
    }

    [Fact]
    public async Task a_file_on_disk_is_as_long_as_it_is_and_an_empty_one_is_empty()
    {
        var file = Path.GetTempFileName();
        try
        {
            Assert.Equal(0, await KnownLengthOf(file));
            await File.WriteAllTextAsync(file, """{"title":"Memorandum of conversation with Zhou Enlai"}""" + "\n");
            Assert.Equal(new FileInfo(file).Length, await KnownLengthOf(file));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/proc/self/status")]
    public async Task a_device_or_a_kernels_file_that_says_0_but_holds_bytes_has_no_known_length(string path) =>
        Assert.Null(await KnownLengthOf(path));
}
