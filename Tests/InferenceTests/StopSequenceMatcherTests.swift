import Testing
@testable import Inference

struct StopSequenceMatcherTests {
    @Test func emitsEverythingWithoutStops() {
        var m = StopSequenceMatcher([])
        #expect(m.append("hello") == .text("hello"))
    }

    @Test func holdsBackAPossibleStartAndReleasesItWhenItDiverges() {
        var m = StopSequenceMatcher(["\nUser:"])
        #expect(m.append("Hi there\nUs") == .text("Hi there"))
        #expect(m.append("ually") == .text("\nUsually"))
    }

    @Test func stopsAcrossPiecesAndDropsTheStopString() {
        var m = StopSequenceMatcher(["END", "\n\n"])
        #expect(m.append("one E") == .text("one "))
        #expect(m.append("N") == .text(""))
        #expect(m.append("Dtwo") == .stopped(""))
    }

    @Test func theEarliestStopWins() {
        var m = StopSequenceMatcher(["b", "abc"])
        #expect(m.append("xxabc") == .stopped("xx"))
    }

    @Test func flushReturnsHeldText() {
        var m = StopSequenceMatcher(["STOP"])
        #expect(m.append("go ST") == .text("go "))
        #expect(m.flush() == "ST")
    }

    @Test func multibyteTextIsNeverCut() {
        var m = StopSequenceMatcher(["日本x"])
        #expect(m.append("こんにちは日本") == .text("こんにちは"))
        #expect(m.append("語") == .text("日本語"))
    }
}
