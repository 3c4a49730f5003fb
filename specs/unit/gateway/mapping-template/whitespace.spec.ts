import { describe, expect, it } from "vitest";
import { run } from "./render-helper.ts";

// Velocity 1.7's lexer decides these bytes: see the parser's header comment.
describe("whitespace as Velocity 1.7 writes it", () => {
  it("a directive's closing ) takes the spaces and the newline after it, not the indentation before", () => {
    expect(run("[\n  #foreach($i in [1..2])  \n    $i\n  #end\n]")).toBe("[\n      1\n      2\n  ]");
  });
  it("#else and #end take the rest of their line", () => {
    expect(run("#if(false)\na\n#else\nb\n#end\nc")).toBe("b\nc");
    expect(run("#if(true)a#end   \nc")).toBe("ac");
    expect(run("#if(true)a#end x")).toBe("a x");
  });
  it("#set takes its newline, and its indentation only after a token", () => {
    expect(run("#set($a = 1)\n$a")).toBe("1");
    expect(run("#if(true)\n    #set($a = 1)\n$a#end")).toBe("1");
    expect(run("x\n    #set($a = 1)\n$a")).toBe("x\n    1");
  });
  it("keeps a \\r\\n pair together", () => {
    expect(run("#set($a = 1)\r\n$a#if(true)\r\nx#end\r\ny")).toBe("1xy");
  });
  it("keeps everything else: blank lines, trailing spaces, a final newline", () => {
    expect(run('{\n\n  "a": 1  \n}\n')).toBe('{\n\n  "a": 1  \n}\n');
  });
  it("the AWS guide's PetStore template", () => {
    const template = [
      "#set($inputRoot = $input.path('$'))",
      "[",
      "#foreach($elem in $inputRoot)",
      "  {",
      '    "description" : "Item $elem.id is a $elem.type.",',
      '    "askingPrice" : $elem.price',
      "  }#if($foreach.hasNext),#end",
      "",
      "#end",
      "]",
    ].join("\n");
    const body = '[{"id": 1, "type": "dog", "price": 249.99}, {"id": 2, "type": "cat", "price": 124.99}]';
    // `#end` after `}` takes that line's newline; the blank line before the closing `#end` is what stays.
    expect(run(template, { body })).toBe(
      "[\n  {\n" +
        '    "description" : "Item 1 is a dog.",\n    "askingPrice" : 249.99\n  },\n' +
        "  {\n" +
        '    "description" : "Item 2 is a cat.",\n    "askingPrice" : 124.99\n  }\n' +
        "]",
    );
  });
});
