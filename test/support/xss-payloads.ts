/**
 * Markdown that tries to run script in a notebook's reader, one case per line of attack: entity-encoded and
 * disguised `javascript:` schemes, `data:` and `vbscript:` URLs, SVG and MathML, event handlers, attribute
 * breakouts, raw HTML and autolinks. Each calls `alert(n)`, so a trap on `alert` names the case that ran.
 */
export const XSS_PAYLOADS: ReadonlyArray<readonly [name: string, markdown: string]> = [
  ["decimal entity for the colon", "[entity colon](javascript&#58;alert(1))"],
  ["named entity for the colon", "[named colon](javascript&colon;alert(2))"],
  ["entity for the first letter", "[entity j](&#106;avascript:alert(3))"],
  ["hex entities", "[hex](&#x6A;&#x61;vascript&#x3A;alert(4))"],
  ["mixed case", "[mixed case](JaVaScRiPt:alert(5))"],
  ["tab inside the scheme", "[tab](java&#9;script:alert(6))"],
  ["newline inside the scheme", "[newline](java&#10;script:alert(7))"],
  ["leading space", "[space](&#32;javascript:alert(8))"],
  ["spaces in an angle destination", "[angle](<  javascript:alert(9)>)"],
  ["reference definition", "[reference][r10]\n\n[r10]: javascript&#58;alert(10)"],
  ["data: HTML link", "[data html](data:text/html;base64,PHNjcmlwdD5hbGVydCgxMSk8L3NjcmlwdD4=)"],
  [
    "data: SVG image",
    "![data svg](data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMTIpIi8+)",
  ],
  ["vbscript:", "[vbscript](vbscript:msgbox(13))"],
  ["SVG with a script", "<svg><script>alert(14)</script></svg>"],
  ["SVG with onload", "Inline <svg onload=alert(15)></svg> SVG."],
  ["img onerror", "<img src=x onerror=alert(16)>"],
  ["quote breaking out of href", '[breakout](https://example.org/"><script>alert(17)</script>)'],
  ["quote breaking out of alt", '![alt" onerror="alert(18)](x.png)'],
  ["quote breaking out of title", '[title](https://example.org "t\\" onmouseover=\\"alert(19)")'],
  ["raw HTML link", '<a href="javascript:alert(20)">raw link</a>'],
  ["raw style", "<style>*{display:none}</style>"],
  ["raw iframe", '<iframe src="javascript:alert(21)"></iframe>'],
  ["raw object", '<object data="javascript:alert(22)"></object>'],
  ["raw form", '<form action="javascript:alert(23)"><button>go</button></form>'],
  ["javascript: autolink", "<javascript:alert(24)>"],
  ["vbscript: autolink", "<vbscript:msgbox(25)>"],
  ["data: autolink", "<data:text/html;base64,PHNjcmlwdD5hbGVydCgyNik8L3NjcmlwdD4=>"],
  ["code fence language breakout", '```js" onmouseover="alert(27)\ncode\n```'],
  ["plain javascript:", "[plain](javascript:alert(28))"],
  ["image inside a javascript: link", "[![inner](x.png)](javascript&#58;alert(29))"],
  ["MathML xlink:href", '<math><mi xlink:href="javascript:alert(30)">x</mi></math>'],
  ["details ontoggle", "<details open ontoggle=alert(31)><summary>s</summary></details>"],
];

/** Links that must keep working, with the href the page should show. */
export const SAFE_LINKS: ReadonlyArray<readonly [markdown: string, href: string]> = [
  ["[moit](https://moit.gov.vn/a?b=1&c=2)", "https://moit.gov.vn/a?b=1&c=2"],
  ["[plain http](http://example.org/)", "http://example.org/"],
  ["[mail](mailto:khuyencong@example.vn)", "mailto:khuyencong@example.vn"],
  ["[section](#plan)", "#plan"],
  ["[relative](notes/north.md)", "notes/north.md"],
  ["[root](/graphql)", "/graphql"],
  ["<https://moit.gov.vn>", "https://moit.gov.vn"],
];

/** A notebook holding every payload and every safe link, one Markdown cell each. */
export function xssNotebook(title = "XSS payloads"): string {
  const cells = [
    ...XSS_PAYLOADS.map(([, markdown]) => markdown),
    ...SAFE_LINKS.map(([markdown]) => markdown),
  ];
  return `---\ntitle: ${title}\n---\n\n${cells.join("\n\n<!-- cell -->\n\n")}\n`;
}
