/**
 * Filler of technology-transfer lists: words that nearly every achievement and demand uses ("应用场景", "技术服务平台",
 * "solution"), so that sharing one says nothing about a match. They never take part in recommendations: not in the
 * relevance (a demand and an achievement that only share 应用、场景 are no match) and never named as a shared
 * keyword in a reason. Search is left alone: someone who types 平台 is looking for it.
 *
 * A Chinese term made only of these words is filler too (服务平台 = 服务 + 平台, 应用场景 = 应用 + 场景); a term that
 * merely contains one is not (检测平台 stays: 检测 is no filler).
 */
const words = (text: string) => text.trim().split(/\s+/);

const CHINESE = words(`
  应用 场景 技术 系统 研究 研发 开发 平台 服务 产品 方法 装置 设备 企业 项目 领域 行业 产业 产业化 方案 解决 解决方案
  需求 成果 合作 转化 推广
  提供 实现 提升 提高 具有 包括 基于 进行 采用 利用 用于 面向 满足 相关 主要 开展 形成 推动 促进 支持 拥有 具备
  能够 可以 已经 目前 通过 先进 领先 关键 核心 创新 新型 高效 优势 能力 水平 国内 国际 国家 发展 建设 工程 设计
  生产 公司 有限公司 单位 团队 中心 功能 性能 质量 问题
`);

const ENGLISH = words(`
  a an and are as at based be by for from in into is it its of on or our the to with we via using use used provide
  provides new high advanced application applications scenario scenarios technology technologies technical tech
  system systems research development develop platform platforms service services product products method methods
  device devices enterprise enterprises company co ltd project projects field fields solution solutions industry
  industrial
`);

export const STOP_TERMS: ReadonlySet<string> = new Set([...CHINESE, ...ENGLISH]);

const LONGEST = Math.max(...CHINESE.map((w) => w.length));

/** True for a filler term: one of STOP_TERMS, or a Chinese term that is filler words end to end. */
export function isStopTerm(term: string): boolean {
  if (STOP_TERMS.has(term)) return true;
  if (!/^[\u3400-\u9fff]+$/.test(term)) return false;
  // Can term[i..] be cut into filler words? Dynamic programming from the end.
  const cut: boolean[] = new Array<boolean>(term.length + 1).fill(false);
  cut[term.length] = true;
  for (let i = term.length - 1; i >= 0; i--) {
    for (let n = 2; n <= LONGEST && i + n <= term.length && !cut[i]; n++) {
      cut[i] = cut[i + n] && STOP_TERMS.has(term.slice(i, i + n));
    }
  }
  return cut[0];
}
