using Coxswain.LocalCluster.OpenApi;
using FsCheck;
using FsCheck.Xunit;

namespace Coxswain.LocalCluster.Tests.OpenApi;

public class ProtobufWriterTests
{
    [Fact]
    public void Writes_the_documented_wire_bytes()
    {
        var writer = new ProtobufWriter();
        writer.WriteString(1, "hi");
        writer.WriteBool(4, true);
        writer.WriteInt64(16, 300);
        Assert.Equal(new byte[] { 0x0A, 2, (byte)'h', (byte)'i', 0x20, 1, 0x80, 0x01, 0xAC, 0x02 }, writer.ToArray());
    }

    [Fact]
    public void Omits_default_scalars_but_keeps_empty_messages()
    {
        var writer = new ProtobufWriter();
        writer.WriteString(1, "");
        writer.WriteBool(2, false);
        writer.WriteInt64(3, 0);
        writer.WriteDouble(4, 0);
        writer.WriteMessage(5, _ => { });
        Assert.Equal(new byte[] { 0x2A, 0 }, writer.ToArray());
    }

    [Property]
    public void Round_trips_scalars_and_nested_messages(PositiveInt field, NonEmptyString text, long number, NormalFloat real)
    {
        var number1 = Math.Min(field.Get, 536_870_911);  // largest proto field number
        var writer = new ProtobufWriter();
        writer.WriteMessage(number1, inner =>
        {
            inner.WriteString(1, text.Get);
            inner.WriteInt64(2, number);
            inner.WriteDouble(3, real.Get);
        });

        var inner = new ProtoMessage(writer.ToArray()).Message(number1);
        // Strings travel as UTF-8, so lone surrogates come back as U+FFFD like any UTF-8 encoder makes them.
        Assert.Equal(System.Text.Encoding.UTF8.GetString(System.Text.Encoding.UTF8.GetBytes(text.Get)), inner.String(1));
        Assert.Equal(number, number == 0 ? 0 : unchecked((long)inner.One(2).Varint));
        Assert.Equal(real.Get, real.Get == 0 ? 0 : inner.One(3).Double);
    }
}
