/**
 * Explanations of matching criteria (app/modules/matching). Amount parameters
 * come twice: `{amount}` in 万元 without the unit, `{amountYuan}` in grouped 元.
 * Label parameters come twice too: `{x}` in Chinese, `{xEn}` in English.
 */
export const zh = {
  'matching.title': '匹配产品',
  'matching.needsTitle': '匹配需求',
  'matching.score': '匹配度',
  'matching.scoreValue': '{score} 分',
  'matching.eligible': '符合条件',
  'matching.excluded': '不符合条件',
  'matching.why': '匹配说明',
  'matching.hardRules': '准入条件',
  'matching.softRules': '匹配度构成',
  'matching.none': '暂无符合条件的产品',
  'matching.noneNeeds': '暂无符合条件的需求',

  'matching.amount.within': '额度 {amount}万元 在 {min}–{max}万元 范围内',
  'matching.amount.below': '额度 {amount}万元 低于产品最低额度 {min}万元',
  'matching.amount.above': '额度 {amount}万元 高于产品最高额度 {max}万元',

  'matching.term.within': '期限 {term} 个月 在 {min}–{max} 个月范围内',
  'matching.term.below': '期限 {term} 个月 短于产品最短期限 {min} 个月',
  'matching.term.above': '期限 {term} 个月 长于产品最长期限 {max} 个月',

  'matching.guarantee.credit': '产品接受信用方式，无需抵押或担保',
  'matching.guarantee.accepted': '产品接受企业可提供的担保方式：{common}',
  'matching.guarantee.missed': '产品要求 {accepted}，企业可提供 {offered}',

  'matching.region.same': '产品在企业所在地 {region} 投放',
  'matching.region.covered': '企业所在地 {region} 在产品服务区域 {productRegion} 内',
  'matching.region.outside': '企业所在地 {region} 不在产品服务区域（{productRegions}）内',
  'matching.region.none': '产品未设置服务区域',

  'matching.industry.any': '产品不限行业',
  'matching.industry.accepted': '所属行业「{value}」在产品支持范围内',
  'matching.industry.excluded': '产品仅支持 {allowed}，企业所属行业为「{value}」',
  'matching.industry.unknown': '产品仅支持 {allowed}，企业未填写所属行业',

  'matching.size.any': '产品不限企业规模',
  'matching.size.accepted': '企业规模「{value}」在产品支持范围内',
  'matching.size.excluded': '产品仅支持 {allowed}企业，企业规模为「{value}」',
  'matching.size.unknown': '产品仅支持 {allowed}企业，企业未填写规模',

  'matching.years.none': '产品对经营年限无要求',
  'matching.years.met': '已经营 {years} 年，满足至少 {minYears} 年的要求',
  'matching.years.short': '已经营 {years} 年，产品要求至少 {minYears} 年',
  'matching.years.unknown': '企业未填写成立年份，产品要求经营至少 {minYears} 年',

  'matching.rate.noCeiling': '未设利率上限；产品最低利率 {rate}',
  'matching.rate.within': '产品最低利率 {rate} 不高于可接受上限 {maxRate}',
  'matching.rate.above': '产品最低利率 {rate} 高于可接受上限 {maxRate}',
  'matching.rate.noCeilingLpr': '未设利率上限；产品最低利率 {rate}（LPR {lpr} {spread}）',
  'matching.rate.withinLpr': '产品最低利率 {rate}（LPR {lpr} {spread}）不高于可接受上限 {maxRate}',
  'matching.rate.aboveLpr': '产品最低利率 {rate}（LPR {lpr} {spread}）高于可接受上限 {maxRate}',

  'matching.employment.notLinked': '非稳岗挂钩产品，无新增用工要求',
  'matching.employment.met': '计划新增用工 {hires} 人，满足产品至少 {minHires} 人的要求',
  'matching.employment.short': '计划新增用工 {hires} 人，产品要求至少 {minHires} 人',

  'matching.fit.amountCentred': '额度处于产品额度区间中段',
  'matching.fit.amountEdge': '额度靠近产品额度区间边缘',
  'matching.fit.termCentred': '期限处于产品期限区间中段',
  'matching.fit.termEdge': '期限靠近产品期限区间边缘',
  'matching.fit.rateHeadroom': '最低利率 {rate}，比上限 {maxRate} 低 {headroom} 个百分点',
  'matching.fit.rateNoCeiling': '最低利率 {rate}',
  'matching.fit.credit': '信用贷款，无需抵押担保',
  'matching.fit.collateral': '需提供担保或抵押',
  'matching.fit.purposeStrong': '用途「{purpose}」与产品类别「{category}」高度契合',
  'matching.fit.purposePartial': '用途「{purpose}」与产品类别「{category}」较为契合',
  'matching.fit.purposeNone': '用途「{purpose}」与产品类别「{category}」无特别关联',
  'matching.fit.county': '产品在企业所在区县投放',
  'matching.fit.city': '产品在企业所在市投放',
  'matching.fit.province': '产品在全省投放',
} as const;

export const en: Record<keyof typeof zh, string> = {
  'matching.title': 'Matching products',
  'matching.needsTitle': 'Matching needs',
  'matching.score': 'Match score',
  'matching.scoreValue': '{score} points',
  'matching.eligible': 'Eligible',
  'matching.excluded': 'Not eligible',
  'matching.why': 'Why this match',
  'matching.hardRules': 'Eligibility rules',
  'matching.softRules': 'Score breakdown',
  'matching.none': 'No eligible products yet',
  'matching.noneNeeds': 'No eligible needs yet',

  'matching.amount.within': 'Amount {amountYuan} yuan is within the range of {minYuan}–{maxYuan} yuan',
  'matching.amount.below': 'Amount {amountYuan} yuan is below the product minimum of {minYuan} yuan',
  'matching.amount.above': 'Amount {amountYuan} yuan is above the product maximum of {maxYuan} yuan',

  'matching.term.within': 'Term of {term} months is within {min}–{max} months',
  'matching.term.below': 'Term of {term} months is shorter than the product minimum of {min} months',
  'matching.term.above': 'Term of {term} months is longer than the product maximum of {max} months',

  'matching.guarantee.credit': 'The product lends on credit: no collateral or guarantee needed',
  'matching.guarantee.accepted': 'The product accepts what the enterprise offers: {commonEn}',
  'matching.guarantee.missed': 'The product requires {acceptedEn}; the enterprise offers {offeredEn}',

  'matching.region.same': 'The product is offered in the enterprise’s own area, {region} ({regionCode})',
  'matching.region.covered':
    'The enterprise’s location {region} ({regionCode}) is within the product area {productRegion} ({productRegionCode})',
  'matching.region.outside': 'The enterprise’s location {region} ({regionCode}) is outside the product areas: {productRegionsEn}',
  'matching.region.none': 'The product has no service area',

  'matching.industry.any': 'The product is open to every industry',
  'matching.industry.accepted': 'The industry “{valueEn}” is supported by the product',
  'matching.industry.excluded': 'The product supports {allowedEn} only; the enterprise is in “{valueEn}”',
  'matching.industry.unknown': 'The product supports {allowedEn} only; the enterprise has not given its industry',

  'matching.size.any': 'The product is open to enterprises of every size',
  'matching.size.accepted': 'The enterprise size “{valueEn}” is supported by the product',
  'matching.size.excluded': 'The product supports {allowedEn} enterprises only; the enterprise is “{valueEn}”',
  'matching.size.unknown': 'The product supports {allowedEn} enterprises only; the enterprise has not given its size',

  'matching.years.none': 'The product has no minimum years in operation',
  'matching.years.met': 'In operation for {years} years, meeting the minimum of {minYears}',
  'matching.years.short': 'In operation for {years} years; the product requires at least {minYears}',
  'matching.years.unknown': 'The founding year is not given; the product requires at least {minYears} years in operation',

  'matching.rate.noCeiling': 'No rate ceiling set; the product’s lowest rate is {rate}',
  'matching.rate.within': 'The product’s lowest rate {rate} is within the ceiling of {maxRate}',
  'matching.rate.above': 'The product’s lowest rate {rate} is above the ceiling of {maxRate}',
  'matching.rate.noCeilingLpr': 'No rate ceiling set; the product’s lowest rate is {rate} (LPR {lpr} {spread})',
  'matching.rate.withinLpr': 'The product’s lowest rate {rate} (LPR {lpr} {spread}) is within the ceiling of {maxRate}',
  'matching.rate.aboveLpr': 'The product’s lowest rate {rate} (LPR {lpr} {spread}) is above the ceiling of {maxRate}',

  'matching.employment.notLinked': 'Not an employment-linked product: no hiring requirement',
  'matching.employment.met': '{hires} planned new hires meet the product minimum of {minHires}',
  'matching.employment.short': '{hires} planned new hires; the product requires at least {minHires}',

  'matching.fit.amountCentred': 'The amount sits in the middle of the product range',
  'matching.fit.amountEdge': 'The amount is near the edge of the product range',
  'matching.fit.termCentred': 'The term sits in the middle of the product range',
  'matching.fit.termEdge': 'The term is near the edge of the product range',
  'matching.fit.rateHeadroom': 'Lowest rate {rate} is {headroom} percentage points below the ceiling of {maxRate}',
  'matching.fit.rateNoCeiling': 'Lowest rate {rate}',
  'matching.fit.credit': 'Unsecured loan: no collateral needed',
  'matching.fit.collateral': 'A guarantee or collateral is needed',
  'matching.fit.purposeStrong': 'The purpose “{purposeEn}” suits the category “{categoryEn}” well',
  'matching.fit.purposePartial': 'The purpose “{purposeEn}” partly suits the category “{categoryEn}”',
  'matching.fit.purposeNone': 'The purpose “{purposeEn}” has no particular link to the category “{categoryEn}”',
  'matching.fit.county': 'Offered in the enterprise’s own county',
  'matching.fit.city': 'Offered in the enterprise’s city',
  'matching.fit.province': 'Offered province-wide',
};
