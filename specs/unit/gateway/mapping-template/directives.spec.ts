import { describe, expect, it } from "vitest";
import { isPinpipeError } from "../../../../harness/errors.ts";
import { compileTemplate } from "../../../../harness/components/gateway/mapping-template/index.ts";
import { run } from "./render-helper.ts";

describe("references", () => {
  it("prints $var, ${var} and $!var, and nothing for a null (API Gateway, unlike plain Velocity)", () => {
    expect(run('#set($a = "x")$a|${a}|$!a|$missing|$!missing|${missing}')).toBe("x|x|x|||");
  });
  it("treats - as part of a name, as Velocity 1.7 does", () => {
    expect(run('#set($m = {"partition-key": "k"})$m.partition-key')).toBe("k");
  });
  it("ends a reference at a dot that is not followed by a letter", () => {
    expect(run('#set($t = "dog")a $t.')).toBe("a dog.");
  });
  it("writes a lone $ or # as text", () => {
    expect(run("$ 5 # 1 $1 #1")).toBe("$ 5 # 1 $1 #1");
  });
  it("calls methods and indexes", () => {
    expect(run('#set($s = " Ab ")$s.trim().toLowerCase()|$s.length()|$s.substring(1, 2)')).toBe("ab|4|A");
    expect(run('#set($l = ["a", "b"])$l[1]|$l.get(0)|$l.size()')).toBe("b|a|2");
  });
  it("escapes a defined reference with a backslash", () => {
    expect(run('#set($a = "x")\\$a \\\\$a \\$nope')).toBe("$a \\x \\$nope");
  });
});

describe("#set", () => {
  it("keeps the old value when the new one is null (Velocity 1.7)", () => {
    expect(run('#set($a = "old")#set($a = $missing)$a')).toBe("old");
  });
  it("sets map entries", () => {
    expect(run('#set($m = {})#set($m.k = 1)#set($m["j"] = 2)$m')).toBe("{k=1, j=2}");
  });
  it("has literals: integers, doubles, booleans, lists, maps, ranges", () => {
    expect(run("#set($x = [1, 2.5, true, 'a', {\"k\": [1..3]}])$x")).toBe("[1, 2.5, true, a, {k=[1, 2, 3]}]");
    expect(run("#set($r = [3..1])$r")).toBe("[3, 2, 1]");
  });
  it("interpolates double-quoted strings only", () => {
    expect(run(`#set($n = "w")#set($a = "x$n")#set($b = 'x$n')$a $b`)).toBe("xw x$n");
  });
  it("reads a doubled quote inside a string literal as the quote", () => {
    expect(run(`#set($a = "say ""hi""")#set($b = 'it''s')$a $b`)).toBe('say "hi" it\'s');
  });
  it("does arithmetic and concatenation", () => {
    expect(
      run("#set($a = 7)#set($b = 2)$math#set($s = $a + $b * 3)$s ${a}/${b}=#set($d = $a / $b)$d #set($m = $a % $b)$m"),
    ).toBe(
      // The space after `$d` starts a new token before `#set(`, so `#set` takes it.
      "13 7/2=31",
    );
    expect(run('#set($c = "n" + 1)$c|#set($f = 1.5 * 2)$f')).toBe("n1|3.0");
  });
});

describe("#if", () => {
  it("takes the first true branch", () => {
    const t = "#if($n == 1)one#elseif($n == 2)two#{else}many#end";
    expect(run(`#set($n = 1)${t}`)).toBe("one");
    expect(run(`#set($n = 2)${t}`)).toBe("two");
    expect(run(`#set($n = 3)${t}`)).toBe("many");
  });
  it("has the logical and comparison operators in both spellings", () => {
    expect(run("#if(1 < 2 && 2 <= 2 and !(3 > 4) && not false)y#end")).toBe("y");
    expect(run("#if(1 gt 2 or 2 ge 3 || 1 eq 2)y#{else}n#end")).toBe("n");
    expect(run('#if("a" != "b" && "a" ne "b")y#end')).toBe("y");
  });
  it("counts an empty string as true and null as false (Velocity 1.7)", () => {
    expect(run('#if("")t#end#if($missing)f#end')).toBe("t");
  });
  it("compares numbers by value and other classes by their text", () => {
    expect(run('#if(1 == 1.0)y#end#if(1 == "1")s#end#if($a == $b)n#end')).toBe("ysn");
  });
});

describe("#foreach", () => {
  it("exposes $foreach and Velocity 1.7's $velocityCount", () => {
    expect(
      run("#foreach($x in ['a', 'b', 'c'])$foreach.index$foreach.count$velocityCount$x#if($foreach.hasNext),#end#end"),
    ).toBe("011a,122b,233c");
    expect(run("#foreach($x in [1..3])#if($foreach.first)F#end#if($foreach.last)L#end#end")).toBe("FL");
  });
  it("iterates a map's values and skips what is not iterable", () => {
    expect(run('#foreach($v in {"a": 1, "b": 2})$v#end#foreach($v in "str")x#end#foreach($v in $none)x#end')).toBe(
      "12",
    );
  });
  it("stops at #break and restores the loop variable afterwards", () => {
    expect(run("#set($x = 'out')#foreach($x in [1..5])#if($x == 3)#break#end$x#end $x")).toBe("12 out");
  });
  it("stops after 1000 iterations", () => {
    expect(
      run("#foreach($i in [1..1500])#end$velocityCount#set($n = 0)#foreach($i in [1..1500])#set($n = $n + 1)#end$n"),
    ).toBe("1000");
  });
  it("#stop ends the output where it stands", () => {
    expect(run("a#foreach($i in [1..3])$i#if($i == 2)#stop#end#end b")).toBe("a12");
  });
});

describe("comments and text blocks", () => {
  it("## takes its newline, #* *# nothing else", () => {
    expect(run("a ## note\nb #* x\ny *#c\n#** doc *#d")).toBe("a b c\nd");
  });
  it("#[[ ]]# is literal", () => {
    expect(run("#[[$a #if]]#")).toBe("$a #if");
  });
});

describe("templates API Gateway would not accept", () => {
  it.each([
    ["#if($a)x", "#if without #end"],
    ["#end", "#end without"],
    ["#foreach($x $l)#end", "in"],
    ["#set($a 1)", "="],
    ["#* open", "unclosed"],
    ['#set($a = "x)', "unclosed string"],
    ["#macro(m)#end", "not supported"],
  ])("%s", (template, words) => {
    try {
      compileTemplate(template);
      expect.unreachable();
    } catch (error) {
      expect(isPinpipeError(error, "PINPIPE_MAPPING_TEMPLATE_INVALID")).toBe(true);
      expect((error as Error).message).toContain(words);
    }
  });
});
